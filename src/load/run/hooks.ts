import { LptfError } from '../../core/errors/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import type { LifecycleFigures } from '../result/index.js';
import { runHook, SetupFailedError, setupJson } from '../script/index.js';

/**
 * What a load file's `setup()` gave the run: its value as every thread sees it (JSON, parsed
 * again), the JSON itself for worker threads, and its figures for the report.
 *
 * @example
 * ```ts
 * const s: SetUp = { value: { token: 't' }, json: '{"token":"t"}', figures: { requests: 1, ok: 1, failed: 0, ms: 12 } }
 * ```
 */
export interface SetUp {
  readonly value: unknown;
  readonly json?: string;
  readonly figures?: LifecycleFigures['setup'];
}

/**
 * Runs the plan's `setup()`, once, before any arrival: a throw, a timeout or a value JSON cannot
 * carry rejects with a `SetupFailedError` (exit 2), and the run does not start.
 *
 * @example
 * ```ts
 * const setup = await setUp(resolved)
 * ```
 */
export async function setUp(resolved: ResolvedPlan, signal?: AbortSignal): Promise<SetUp> {
  const hook = resolved.lifecycle?.setup;
  if (!hook) return { value: undefined };
  const { value, figures } = await runHook('setup', hook, undefined, resolved.plan, signal);
  if (signal?.aborted) throw new SetupInterruptedError();
  if (figures.error)
    throw new SetupFailedError(
      `${figures.error}; the run did not start (setup sent ${figures.requests} request(s), the run none)`,
    );
  const json = setupJson(value);
  return { value: JSON.parse(json) as unknown, json, figures };
}

/**
 * An abort (a second Ctrl-C) while `setup()` still ran: its promise cannot be cancelled, so the
 * run gives up waiting for it and does not start (exit 130).
 *
 * @example
 * ```ts
 * throw new SetupInterruptedError()
 * ```
 */
export class SetupInterruptedError extends LptfError {
  constructor() {
    super(
      'interrupted while setup() ran: the run did not start, and teardown() was not called',
      'LPTF_INTERRUPTED',
      130,
    );
  }
}

/**
 * The plan's `setup()` as a run starts it: `done` as {@link setUp}'s, or rejected with a
 * {@link SetupInterruptedError} at once when `abort()` is called before it ends, so a signal stops
 * the run in this phase too (a `setup()` awaiting forever held Ctrl-C off for its 60 s).
 *
 * @example
 * ```ts
 * const setting = interruptibleSetUp(resolved)
 * process.once('SIGINT', () => setting.abort())
 * const setup = await setting.done
 * ```
 */
export function interruptibleSetUp(resolved: ResolvedPlan): { readonly done: Promise<SetUp>; abort(): void } {
  const controller = new AbortController();
  return { done: setUp(resolved, controller.signal), abort: () => controller.abort() };
}

/**
 * Runs the plan's `teardown()`, once, after the last answer (also after a stop), with what
 * `setup()` returned; what it did, or threw, is reported, never thrown.
 *
 * @example
 * ```ts
 * const figures = await tearDown(resolved, setup)
 * ```
 */
export async function tearDown(resolved: ResolvedPlan, setup: SetUp, signal?: AbortSignal): Promise<LifecycleFigures> {
  const hook = resolved.lifecycle?.teardown;
  const teardown = hook ? (await runHook('teardown', hook, setup.value, resolved.plan, signal)).figures : undefined;
  return { ...(setup.figures ? { setup: setup.figures } : {}), ...(teardown ? { teardown } : {}) };
}
