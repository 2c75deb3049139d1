import type { PlanInput, ResolvedPlan } from '../plan/index.js';
import { takeSnapshot, type ProgressSnapshot } from '../progress/index.js';
import type { Recorder } from '../../core/recorder/index.js';
import type { Measurement, RunResult } from '../result/index.js';
import type { Transport } from '../../core/transport/index.js';
import { finishRun, handleOf } from './finish-run.js';
import { buildRunParts } from './run-parts.js';
import type { Run, RunTiming } from '../../core/run/run.js';
import { startUsageProbe } from '../../core/run/usage-probe.js';
import { startWorkerTest } from './worker/worker-test.js';

/**
 * Options of {@link startLoadTest}.
 *
 * @example
 * ```ts
 * startLoadTest(resolved, { onProgress: (s) => console.log(s.verdict), command: 'lptf run …' } satisfies StartOptions)
 * ```
 */
export interface StartOptions {
  /**
   * Called about once a second with the run's state, and the recorder for anything more (the
   * live dashboard reads its time series and distribution); it must not record into it.
   */
  readonly onProgress?: (snapshot: ProgressSnapshot, recorder: Recorder) => void;
  /** The command line, credentials already redacted, for the report. */
  readonly command?: string;
  /** A transport other than the plan's HTTP client (tests, other protocols); not with workers. */
  readonly transport?: Transport;
  /** The plan layers as given: worker threads (`plan.workers` > 1) resolve the plan from them again. */
  readonly layers?: readonly PlanInput[];
}

/**
 * A started load test: stop it, or wait for its result.
 *
 * @example
 * ```ts
 * const test: LoadTestHandle = startLoadTest(resolved)
 * ```
 */
export interface LoadTestHandle {
  /** Stops scheduling; requests in flight finish (up to their timeout). */
  stop(): void;
  /** Stops at once, aborting requests in flight. */
  abort(): void;
  /** The result, once every answer is in (also after `stop`/`abort`: nothing measured is lost). */
  readonly result: Promise<RunResult>;
  /** The raw, mergeable measurements behind the result (`measure.json`), once it is in. */
  readonly measurement: Promise<Measurement>;
}

/**
 * Starts a load test for a resolved plan: paces requests on the plan's schedule, records every
 * outcome, reports progress, and resolves with the aggregated {@link RunResult}.
 *
 * @example
 * ```ts
 * const resolved = await resolvePlan([{ url: { value: 'http://127.0.0.1:8080/', where: 'url' } }])
 * const test = startLoadTest(resolved)
 * process.once('SIGINT', () => test.stop())
 * const result = await test.result
 * ```
 */
export function startLoadTest(resolved: ResolvedPlan, options: StartOptions = {}): LoadTestHandle {
  const { plan } = resolved;
  if (plan.workers > 1) {
    if (!options.layers) throw new TypeError('worker threads need the plan layers: pass options.layers');
    return startWorkerTest(resolved, options.layers, options);
  }
  const { run, recorder, transport, warm } = buildRunParts(resolved, undefined, options.transport);
  const probe = startUsageProbe();
  const ticker = options.onProgress
    ? setInterval(() => {
        const elapsedMs = run.elapsedMs();
        // Close the seconds that have passed, so the recent figures are current.
        recorder.series.at(elapsedMs);
        options.onProgress?.(takeSnapshot(plan, recorder, elapsedMs, run.inflight), recorder);
      }, 1000)
    : undefined;

  let start: ReturnType<typeof startAt> | undefined;
  let stopped = false;
  const done = (transport.preconnect?.(warm) ?? Promise.resolve())
    .then(() => {
      start = startAt(run, plan.startAtMs);
      if (stopped) start.now();
      return start.timing;
    })
    .then(async (timing) => {
      if (ticker) clearInterval(ticker);
      recorder.series.flush(timing.totalMs);
      const usage = probe.finish();
      await transport.close(timing.interrupted).catch(() => undefined);
      return finishRun(resolved, recorder, timing, usage, options.command ?? '');
    });
  const stop = (): void => {
    stopped = true;
    run.stop();
    start?.now();
  };
  return handleOf(done, stop, () => (stop(), run.abort()));
}

/**
 * Starts a run at `atMs` (ms since the epoch, the clock a run with a start time keeps), or at
 * once if none is given. `now()` cuts the wait short (a stop before the start must not wait for it).
 *
 * @example
 * ```ts
 * const start = startAt(run, Date.parse('2026-11-22T10:00:00Z'))
 * process.once('SIGINT', () => (run.stop(), start.now()))
 * const timing = await start.timing
 * ```
 */
export function startAt(run: Run, atMs: number | undefined): { timing: Promise<RunTiming>; now(): void } {
  if (atMs === undefined) return { timing: run.start(), now: () => undefined };
  let now = (): void => undefined;
  const due = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, atMs - (performance.timeOrigin + performance.now())));
    now = () => (clearTimeout(timer), resolve());
  });
  return { timing: due.then(() => run.start(atMs)), now: () => now() };
}
