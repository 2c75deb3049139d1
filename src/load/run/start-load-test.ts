import type { Recorder } from '../../core/recorder/index.js';
import type { Run, RunTiming } from '../../core/run/run.js';
import { startUsageProbe } from '../../core/run/usage-probe.js';
import { watchesAnything } from '../../core/watch/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { CheckWatch, type DecidedCheck, takeSnapshot } from '../progress/index.js';
import type { WarmupResult } from '../result/index.js';
import { measurementSoFar } from './checkpoints.js';
import { finishRun, handleOf } from './finish-run.js';
import { interruptibleSetUp, tearDown } from './hooks.js';
import type { LoadTestHandle, StartOptions } from './load-test-handle.js';
import { buildRunParts, type RunParts, recorderFor, type WarmUp } from './run-parts.js';
import { targetAddress } from './target-address.js';
import { type Watchdog, WEDGED_AFTER_MS } from './watchdog.js';
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
  // Resolved beside the connections opening, before the first request: it costs the run nothing.
  const address = targetAddress(plan.origin);
  let parts: RunParts | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let start: ReturnType<typeof startAt> | undefined;
  let stopped = false;
  let stopWhy: string | undefined;
  let warming: WarmUp | undefined;
  let warmup: WarmupResult | undefined;
  let probe: ReturnType<typeof startUsageProbe> | undefined;
  // Follows the checks as the run goes: what is decided, and whether a decided failure stops it.
  const watch = new CheckWatch(plan);
  let stoppedBy: DecidedCheck | undefined;
  const { watchdog } = options;
  // User code runs on this thread from setup() to teardown(): held past the bound, the run is wedged.
  watchdog?.arm(
    WEDGED_AFTER_MS,
    watchdog.saves()
      ? WEDGED_SAID
      : `${WEDGED_SAID}. Its figures are lost: with --out <dir> they are saved to the last second`,
  );
  // A load file's setup() first, once: its value reaches the scenarios' code through the parts.
  const setting = interruptibleSetUp(resolved);
  // An abort while teardown() runs stops waiting for it (a signal must end the run within seconds).
  const tearing = new AbortController();
  const done = setting.done.then(async (setup) => {
    const built = buildRunParts(resolved, undefined, options.transport, setup.value);
    parts = built;
    const { run, recorder, transport, warm, rehearse, warmUp } = built;
    if (options.onProgress || CheckWatch.wanted(plan))
      ticker = setInterval(() => {
        const elapsedMs = run.elapsedMs();
        // Close the seconds that have passed, so the recent figures are current.
        recorder.series.at(elapsedMs);
        const snapshot = takeSnapshot(plan, recorder, elapsedMs, run.inflight, watch);
        options.onProgress?.(snapshot, recorder);
        const decided = start && elapsedMs < plan.durationMs ? watch.stopFor(elapsedMs) : undefined;
        if (decided && !stopped) {
          stoppedBy = decided;
          stop();
        }
      }, 1000);
    const connecting = transport.preconnect?.(warm) ?? Promise.resolve();
    rehearse();
    await connecting;
    // The warm-up's real requests go before the start, on the open connections, counted apart.
    if (warmUp && !stopped) {
      warming = warmUp();
      warmup = await warming.done;
    }
    // After the rehearsal and the warm-up: their CPU and their stalls of the event loop are not the run's.
    probe = startUsageProbe();
    if (stopped) run.stop(stopWhy);
    start = startAt(run, plan.startAtMs);
    if (stopped) start.now();
    // Once sending, a wedged run's figures are saved: the watchdog has them to the last second.
    const saving = watchdog && armSaving(watchdog, resolved, recorder, run, options.command ?? '');
    const timing = await start.timing;
    if (ticker) clearInterval(ticker);
    recorder.series.flush(timing.totalMs);
    const usage = probe.finish();
    await transport.close(timing.interrupted).catch(() => undefined);
    // teardown() after the last answer, a stop's too, before the watch ends (its service still up).
    const lifecycle = await tearDown(resolved, setup, tearing.signal);
    if (saving) clearInterval(saving);
    watchdog?.disarm();
    const servers = await options.serversAtEnd?.(timing.startedAt.getTime());
    return finishRun(resolved, recorder, timing, usage, options.command ?? '', {
      address: await address,
      ...(servers ? { servers } : {}),
      ...(warmup ? { warmup } : {}),
      lifecycle,
      ...(stoppedBy ? { stopped: stoppedBy } : {}),
    });
  });
  const stop = (endedEarly?: string): void => {
    if (!stopped) stopWhy = endedEarly;
    stopped = true;
    warming?.stop();
    parts?.run.stop(endedEarly);
    start?.now();
  };
  return handleOf(done, stop, () => {
    stop();
    setting.abort();
    tearing.abort();
    parts?.run.abort();
  });
}

/** What the watchdog says of a run wedged on this thread. */
const WEDGED_SAID = `user code has held the run's event loop for ${WEDGED_AFTER_MS / 1000} s (a check(), request(), flow step, setup() or teardown() that never returns, or a regex that backtracks for ever; on worker threads, -w 2, a wedged thread is ended and the run finishes)`;

/**
 * With an `--out` folder, arms the watchdog with the run's base measurement and sends it the
 * figures each second, so a wedged run's are saved; returns the timer to clear once the run is over.
 */
function armSaving(
  watchdog: Watchdog,
  resolved: ResolvedPlan,
  recorder: Recorder,
  run: Run,
  command: string,
): NodeJS.Timeout | undefined {
  if (!watchdog.saves()) return undefined;
  watchdog.arm(WEDGED_AFTER_MS, WEDGED_SAID, measurementSoFar(resolved, recorderFor(resolved.plan), 0, command));
  let sent = 0;
  return setInterval(() => {
    const state = recorder.state(sent + 1);
    sent += state.seconds.length;
    watchdog.figures(state, run.elapsedMs());
  }, 1000).unref();
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
