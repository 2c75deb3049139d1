import { LptfError, RequestFailure } from '../../core/errors/index.js';
import { failureExample } from '../../core/run/failure-example.js';
import { errorKind, type HttpResponse, h1Transport, type Transport } from '../../core/transport/index.js';
import { requestOf } from './compile-request.js';
import type { LifecycleContext, ScriptResponse } from './load-test.js';
import { ScriptAnswer } from './script-answer.js';
import { errorText } from './script-text.js';

/**
 * What a `setup()` or `teardown()` did, as the report states it.
 *
 * @example
 * ```ts
 * const f: HookFigures = { requests: 1, ok: 1, failed: 0, ms: 14.2 }
 * ```
 */
export interface HookFigures {
  readonly requests: number;
  /** Answers with a status the plan accepts. */
  readonly ok: number;
  /** Answers it does not accept, and requests with no answer. */
  readonly failed: number;
  /** How long the hook took, in ms. */
  readonly ms: number;
  /** What it threw, if it did. */
  readonly error?: string;
}

/** How long `setup()` or `teardown()` may take before the run gives up on it. */
export const HOOK_TIMEOUT_MS = 60_000;

/**
 * A `setup()` that threw, returned what JSON cannot carry or did not finish: the run does not
 * start (exit 2), and nothing was sent but the setup's own requests.
 *
 * @example
 * ```ts
 * throw new SetupFailedError('setup() threw Error: no such user')
 * ```
 */
export class SetupFailedError extends LptfError {
  constructor(message: string) {
    super(message, 'LPTF_SETUP_FAILED', 2);
  }
}

/**
 * Runs `setup()` or `teardown()` once, with a context whose requests go to `origin` on a
 * connection of their own (the run's are not open yet, or closed). Resolves with what it returned
 * and its figures; a throw (or a timeout, or `signal` aborted) is in `figures.error`, never a crash.
 *
 * @example
 * ```ts
 * const { value, figures } = await runHook('setup', options.setup, undefined, plan)
 * ```
 */
export async function runHook(
  name: 'setup' | 'teardown',
  hook: (...args: never[]) => unknown,
  arg: unknown,
  plan: {
    readonly origin: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
    readonly insecure: boolean;
    readonly isOk: (status: number) => boolean;
  },
  signal?: AbortSignal,
): Promise<{ value: unknown; figures: HookFigures }> {
  let transport: Transport | undefined;
  let requests = 0;
  let ok = 0;
  let failed = 0;
  const context: LifecycleContext = {
    request(req) {
      transport ??= h1Transport(plan.origin, {
        connections: 4,
        timeoutMs: plan.timeoutMs,
        keepBody: true,
        keepHeaders: true,
        insecure: plan.insecure,
      });
      requests++;
      let request: ReturnType<typeof requestOf>;
      try {
        request = requestOf(req, plan, name);
      } catch (err) {
        failed++;
        return Promise.reject(err instanceof RequestFailure ? new Error(err.message) : err);
      }
      const t = transport;
      return new Promise<ScriptResponse>((resolve, reject) =>
        t.send(request, (err, res?: HttpResponse) => {
          if (!res) {
            failed++;
            return reject(new Error(failureExample(request, undefined, errorKind(err), err)));
          }
          if (plan.isOk(res.status)) ok++;
          else failed++;
          resolve(new ScriptAnswer(res));
        }),
      );
    },
  };
  const started = performance.now();
  let value: unknown;
  let error: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    value = await Promise.race([
      (hook as (...a: unknown[]) => unknown)(...(name === 'setup' ? [context] : [arg, context])),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`it did not finish within ${HOOK_TIMEOUT_MS / 1000} s`)),
          HOOK_TIMEOUT_MS,
        );
      }),
      // Given up on (a second Ctrl-C): the hook's promise cannot be cancelled, only no longer awaited.
      new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('interrupted')), { once: true }),
      ),
    ]);
  } catch (err) {
    error = `${name}() threw ${errorText(err)}`;
  } finally {
    clearTimeout(timer);
    await transport?.close(true).catch(() => undefined);
  }
  const figures = { requests, ok, failed, ms: Math.round((performance.now() - started) * 10) / 10 };
  return { value, figures: error === undefined ? figures : { ...figures, error } };
}

/**
 * What `setup()` returned, as every thread receives it: JSON. A value JSON cannot carry (a
 * function, a cycle, a BigInt) is refused, not silently changed.
 *
 * @example
 * ```ts
 * setupJson({ token: 't' }) // '{"token":"t"}'
 * ```
 */
export function setupJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null, (_k, v: unknown) => {
      if (typeof v === 'function' || typeof v === 'symbol' || (typeof v === 'number' && !Number.isFinite(v)))
        throw new TypeError(`a ${typeof v === 'number' ? String(v) : typeof v}`);
      return v;
    });
  } catch (err) {
    throw new SetupFailedError(
      `setup() returned what JSON cannot carry to every thread (${(err as Error).message}): return plain data`,
    );
  }
  return text ?? 'null';
}
