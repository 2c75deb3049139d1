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
export async function setUp(resolved: ResolvedPlan): Promise<SetUp> {
  const hook = resolved.lifecycle?.setup;
  if (!hook) return { value: undefined };
  const { value, figures } = await runHook('setup', hook, undefined, resolved.plan);
  if (figures.error)
    throw new SetupFailedError(
      `${figures.error}; the run did not start (setup sent ${figures.requests} request(s), the run none)`,
    );
  const json = setupJson(value);
  return { value: JSON.parse(json) as unknown, json, figures };
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
export async function tearDown(resolved: ResolvedPlan, setup: SetUp): Promise<LifecycleFigures> {
  const hook = resolved.lifecycle?.teardown;
  const teardown = hook ? (await runHook('teardown', hook, setup.value, resolved.plan)).figures : undefined;
  return { ...(setup.figures ? { setup: setup.figures } : {}), ...(teardown ? { teardown } : {}) };
}
