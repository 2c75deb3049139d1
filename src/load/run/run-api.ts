import type { PlanOptions } from '../fields/plan-options.js';
import { optionsLayer, resolvePlan } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { RunResult } from '../result/index.js';
import type { LoadTestHandle } from './load-test-handle.js';
import { startLoadTest } from './start-load-test.js';

/**
 * A load test from code: a plan, and what follows it as it runs.
 *
 * @example
 * ```ts
 * const o: RunOptions = { url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] }
 * ```
 */
export interface RunOptions extends PlanOptions {
  readonly url: string;
  /** About once a second, the run so far. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
}

/**
 * Starts a load test from typed options and returns its handle at once: `result` resolves when
 * it ends, `stop()` ends it early and keeps what was measured. Rejects with an
 * `InvalidInputError` listing every problem of the plan, before any traffic.
 *
 * @example
 * ```ts
 * const test = await start({ url: 'http://127.0.0.1:8080/', rate: 50, duration: '1m' })
 * process.once('SIGINT', () => test.stop())
 * const result = await test.result
 * ```
 */
export async function start(options: RunOptions): Promise<LoadTestHandle> {
  const layers = [optionsLayer(options)];
  const resolved = await resolvePlan(layers);
  const onProgress = options.onProgress;
  return startLoadTest(resolved, {
    layers,
    command: 'run()',
    ...(onProgress ? { onProgress: (snapshot: ProgressSnapshot) => onProgress(snapshot) } : {}),
  });
}

/**
 * Runs a load test from typed options to its end: the same result `lptf run` writes to
 * `summary.json`. Judge it with `result.passed`, render it with `textReport(result)`, save it
 * with `writeReports(runKind, result, dir, ['html'])`.
 *
 * @example
 * ```ts
 * const result = await run({ url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] })
 * if (!result.passed) process.exitCode = 1
 * ```
 */
export async function run(options: RunOptions): Promise<RunResult> {
  return (await start(options)).result;
}
