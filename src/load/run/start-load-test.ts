import type { Run, RunTiming } from '../../core/run/run.js';
import { startUsageProbe } from '../../core/run/usage-probe.js';
import { watchesAnything } from '../../core/watch/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { takeSnapshot } from '../progress/index.js';
import type { WarmupResult } from '../result/index.js';
import { finishRun, handleOf } from './finish-run.js';
import type { LoadTestHandle, StartOptions } from './load-test-handle.js';
import { buildRunParts, type WarmUp } from './run-parts.js';
import { targetAddress } from './target-address.js';
import { startWatchedTest } from './watched-test.js';
import { startWorkerTest } from './worker/worker-test.js';

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
  return watchesAnything(resolved.plan.watch)
    ? startWatchedTest(resolved, options, startSenders)
    : startSenders(resolved, options);
}

/** Starts the senders of a plan: on this thread, or on worker threads. */
function startSenders(resolved: ResolvedPlan, options: StartOptions): LoadTestHandle {
  const { plan } = resolved;
  if (plan.workers > 1) {
    if (!options.layers) throw new TypeError('worker threads need the plan layers: pass options.layers');
    return startWorkerTest(resolved, options.layers, options);
  }
  const { run, recorder, transport, warm, rehearse, warmUp } = buildRunParts(resolved, undefined, options.transport);
  const ticker = options.onProgress
    ? setInterval(() => {
        const elapsedMs = run.elapsedMs();
        // Close the seconds that have passed, so the recent figures are current.
        recorder.series.at(elapsedMs);
        options.onProgress?.(takeSnapshot(plan, recorder, elapsedMs, run.inflight), recorder);
      }, 1000)
    : undefined;

  // Resolved beside the connections opening, before the first request: it costs the run nothing.
  const address = targetAddress(plan.origin);
  let start: ReturnType<typeof startAt> | undefined;
  let stopped = false;
  let warming: WarmUp | undefined;
  let warmup: WarmupResult | undefined;
  let probe: ReturnType<typeof startUsageProbe> | undefined;
  const connecting = transport.preconnect?.(warm) ?? Promise.resolve();
  rehearse();
  const done = connecting
    .then(async () => {
      // The warm-up's real requests go before the start, on the open connections, counted apart.
      if (warmUp && !stopped) {
        warming = warmUp();
        warmup = await warming.done;
      }
      // After the rehearsal and the warm-up: their CPU and their stalls of the event loop are not the run's.
      probe = startUsageProbe();
      start = startAt(run, plan.startAtMs);
      if (stopped) start.now();
      return start.timing;
    })
    .then(async (timing) => {
      if (ticker) clearInterval(ticker);
      recorder.series.flush(timing.totalMs);
      const usage = (probe as ReturnType<typeof startUsageProbe>).finish();
      await transport.close(timing.interrupted).catch(() => undefined);
      const servers = await options.serversAtEnd?.(timing.startedAt.getTime());
      return finishRun(resolved, recorder, timing, usage, options.command ?? '', {
        address: await address,
        ...(servers ? { servers } : {}),
        ...(warmup ? { warmup } : {}),
      });
    });
  const stop = (): void => {
    stopped = true;
    warming?.stop();
    run.stop();
    start?.now();
  };
  return handleOf(done, stop, () => {
    stop();
    run.abort();
  });
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
    now = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { timing: due.then(() => run.start(atMs)), now: () => now() };
}
