import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { shareBounds } from '../../../core/checks/index.js';
import {
  appendSeconds,
  mergeRecorderStates,
  type RecorderState,
  SecondSeries,
  type SecondState,
} from '../../../core/recorder/index.js';
import type { RunTiming } from '../../../core/run/run.js';
import { startUsageProbe } from '../../../core/run/usage-probe.js';
import { setupModules } from '../../../core/setup-modules.js';
import { singleFile, startThread } from '../../../core/single-file.js';
import type { PlanInput, ResolvedPlan } from '../../plan/index.js';
import { CheckWatch, type DecidedCheck, takeSnapshot } from '../../progress/index.js';
import type { WarmupResult } from '../../result/index.js';
import { type Finished, finishRun, handleOf } from '../finish-run.js';
import { interruptibleSetUp, type SetUp, tearDown } from '../hooks.js';
import type { LoadTestHandle, StartOptions } from '../load-test-handle.js';
import { recorderFor } from '../run-parts.js';
import { reportStray } from '../stray-errors.js';
import { targetAddress } from '../target-address.js';
import { WEDGED_AFTER_MS } from '../watchdog.js';
import type { FromWorker, ToWorker, WorkerInput } from './messages.js';

type Done = Extract<FromWorker, { type: 'done' }>;

// Built, the entry is load-worker.js beside this file; run from source (tsx, the tests), the .ts.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_ENTRY = new URL(FROM_SOURCE ? './load-worker.ts' : './load-worker.js', import.meta.url);

/** Time between "all workers ready" and the common start: enough for each to arm its timer. */
const START_MARGIN_MS = 100;

/** What the watchdog says of a setup() or teardown() that holds the main thread. */
const WEDGED_HOOK_SAID = `the load file's setup() or teardown() has held the event loop for ${WEDGED_AFTER_MS / 1000} s (code that never returns?)`;
/** After an abort, how long a worker has to say it is done before it is taken for wedged. */
const ABORT_ANSWER_MS = 1_000;

/**
 * Runs a plan on `plan.workers` worker threads, for rates one core cannot drive. Each worker
 * sends one stripe of the one global schedule (requests k, k + n, … from a common start), so
 * their arrivals interleave evenly; each records into its own recorder; the main thread only
 * coordinates, merges (exactly: see `mergeRecorderStates`) and reports. Progress merges the
 * workers' reports once a second; the result merges their final states.
 *
 * @example
 * ```ts
 * const test = startWorkerTest(resolved, layers, { onProgress })
 * const result = await test.result
 * ```
 */
export function startWorkerTest(
  resolved: ResolvedPlan,
  layers: readonly PlanInput[],
  options: StartOptions = {},
): LoadTestHandle {
  const { plan } = resolved;
  const count = plan.workers;
  const probe = startUsageProbe();
  const startedAt = new Date();
  let workers: Worker[] = [];
  const spawn = (setupJson: string | undefined): Worker[] =>
    Array.from({ length: count }, (_, index) => {
      const data: WorkerInput = {
        layers,
        seed: plan.seed,
        index,
        count,
        setup: setupModules(),
        ...(setupJson === undefined ? {} : { setupJson }),
      };
      // The single file is its own setup module (it registers lptf's plug-ins first): a worker that
      // imported it again while it runs would wait on itself.
      const single = singleFile();
      const own = single && pathToFileURL(single).href;
      return startThread('load-worker', WORKER_ENTRY, {
        ...data,
        ...(own ? { setup: data.setup.filter((url) => url !== own) } : {}),
      });
    });
  /** What was told before the workers were made (a stop while setup() ran), told them once they are. */
  const told: ToWorker[] = [];
  const tell = (m: ToWorker): void => {
    if (workers.length === 0) told.push(m);
    for (const w of workers) w.postMessage(m);
  };
  const latest: (RecorderState | undefined)[] = Array.from({ length: count }, () => undefined);
  const seconds: SecondState[][] = Array.from({ length: count }, () => []);
  // What a wedged worker leaves: every second it reported, when it last spoke, how far it had got.
  const reported: SecondState[][] = Array.from({ length: count }, () => []);
  const heardAt = Array.from({ length: count }, () => performance.now());
  const reachedMs = Array.from({ length: count }, () => 0);
  let endWedged: (i: number) => void = () => undefined;
  let stopping = false;
  const inflight = Array.from({ length: count }, () => 0);
  const finished: (Done | undefined)[] = Array.from({ length: count }, () => undefined);
  // The live view's time series grows by the seconds every worker has closed.
  const series = new SecondSeries(shareBounds([...plan.checks, ...plan.info]));
  let startMs = 0;
  let ready = 0;
  /** Each worker's share of the warm-up, summed at the end. */
  const warmups: WarmupResult[] = [];
  let ticker: NodeJS.Timeout | undefined;

  const progress = (): void => {
    const upTo = Math.min(...seconds.map((s) => s.at(-1)?.second ?? 0));
    const view = recorderFor(plan, series);
    appendSeconds(
      view,
      seconds.map((s) => s.filter((x) => x.second <= upTo)),
    );
    seconds.forEach((s, i) => {
      seconds[i] = s.filter((x) => x.second > upTo);
    });
    for (const state of latest) if (state) view.absorb(state);
    const elapsedMs = Math.max(0, performance.timeOrigin + performance.now() - startMs);
    const snapshot = takeSnapshot(
      plan,
      view,
      elapsedMs,
      inflight.reduce((a, b) => a + b, 0),
      watch,
    );
    options.onProgress?.(snapshot, view);
    const decided = elapsedMs < plan.durationMs ? watch.stopFor(elapsedMs) : undefined;
    if (decided && !stoppedBy) {
      stoppedBy = decided;
      tell({ type: 'stop' });
    }
  };
  // Follows the checks on the merged view: what is decided, and whether a decided failure stops the run.
  const watch = new CheckWatch(plan);
  let stoppedBy: DecidedCheck | undefined;

  // A load file's setup() runs once, here, before any worker: its value goes to each as JSON.
  // It and teardown() are the user code on this thread, watched as on one thread.
  options.watchdog?.arm(WEDGED_AFTER_MS, WEDGED_HOOK_SAID);
  let setup: SetUp = { value: undefined };
  const setting = interruptibleSetUp(resolved);
  const tearing = new AbortController();
  const done = setting.done.then((s) => {
    options.watchdog?.disarm();
    setup = s;
    workers = spawn(s.json);
    for (const m of told) for (const w of workers) w.postMessage(m);
    return running();
  });
  const running = (): Promise<Finished> =>
    new Promise<Finished>((resolve, reject) => {
      let watchdog: NodeJS.Timeout | undefined;
      const fail = (message: string): void => {
        clearInterval(ticker);
        clearInterval(watchdog);
        workers.forEach((w) => void w.terminate());
        reject(new Error(`a load worker failed: ${message}`));
      };
      const maybeDone = (): void => {
        if (!finished.every((d) => d)) return;
        clearInterval(ticker);
        clearInterval(watchdog);
        resolve(finish(finished as Done[]));
      };
      endWedged = (i) => {
        if (finished[i]) return;
        void workers[i]?.terminate();
        const silentMs = performance.now() - heardAt[i]!;
        const atMs = reachedMs[i]!;
        const why = `worker thread ${i + 1} of ${count} stopped answering for ${(silentMs / 1000).toFixed(1)} s (user code that never returns?) and was ended; its figures up to ${(atMs / 1000).toFixed(0)} s are kept`;
        finished[i] = {
          type: 'done',
          state: { ...(latest[i] ?? recorderFor(plan).state()), seconds: reported[i] ?? [] },
          timing: { scheduleMs: atMs, sendWindowMs: atMs, totalMs: atMs, interrupted: false, endedEarly: why },
          eventLoopDelayMs: { p50: 0, p99: 0, max: silentMs },
        };
        // A worker reports every second: silent past WEDGED_AFTER_MS, only code that never gives its
        // loop back holds it, and `terminate` cuts even that. The others end as a stop ends them.
        if (!stopping) {
          stopping = true;
          tell({ type: 'stop', endedEarly: why });
        }
        maybeDone();
      };
      workers.forEach((worker, i) => {
        worker.on('error', (err) => fail(err.message));
        worker.on('message', (m: FromWorker) => {
          heardAt[i] = performance.now();
          if (m.type === 'failed') return fail(m.message);
          if (m.type === 'stray') return reportStray(m.text);
          if (m.type === 'ready' && m.warmup) warmups.push(m.warmup);
          if (m.type === 'ready' && ++ready === count) {
            startMs = Math.max(plan.startAtMs ?? 0, performance.timeOrigin + performance.now() + START_MARGIN_MS);
            tell({ type: 'start', startMs });
            if (options.onProgress || CheckWatch.wanted(plan)) ticker = setInterval(progress, 1000);
            // From the start each worker reports every second; one that falls silent is wedged.
            heardAt.fill(Math.max(performance.now(), startMs - performance.timeOrigin));
            watchdog = setInterval(() => {
              for (let w = 0; w < count; w++)
                if (!finished[w] && performance.now() - heardAt[w]! > WEDGED_AFTER_MS) endWedged(w);
            }, 500);
          } else if (m.type === 'progress') {
            latest[i] = m.state;
            seconds[i]?.push(...m.state.seconds);
            reported[i]?.push(...m.state.seconds);
            reachedMs[i] = Math.max(0, performance.timeOrigin + performance.now() - startMs);
            inflight[i] = m.inflight;
          } else if (m.type === 'done') {
            finished[i] = m;
            maybeDone();
          }
        });
      });
    });

  const address = targetAddress(plan.origin);
  const finish = async (parts: readonly Done[]): Promise<Finished> => {
    const recorder = mergeRecorderStates(parts.map((p) => p.state));
    const max = (f: (d: Done) => number): number => Math.max(...parts.map(f));
    // Each stripe's send window ends one stripe interval after its last send; the whole run's, one global interval after.
    const stripeGap = plan.connections ? 0 : (1000 * count) / plan.rate;
    const endedEarly = parts.find((d) => d.timing.endedEarly)?.timing.endedEarly;
    const gap = plan.connections ? 0 : 1000 / plan.rate;
    const timing: RunTiming = {
      startMs,
      startedAt,
      scheduleMs: max((d) => d.timing.scheduleMs),
      // With stages each stripe's window already ends where the whole schedule does.
      sendWindowMs:
        recorder.overall.sent === 0
          ? 0
          : plan.stages
            ? max((d) => d.timing.sendWindowMs)
            : max((d) => d.timing.sendWindowMs - stripeGap) + gap,
      totalMs: max((d) => d.timing.totalMs),
      interrupted: parts.some((d) => d.timing.interrupted),
      // Every stripe walks the whole run's arrivals: each meets the one that ends the run.
      ...(endedEarly ? { endedEarly } : {}),
    };
    const usage = probe.finish();
    // The senders' event loops are the ones whose stalls delay requests: the worst worker's.
    const loop = {
      p50: max((d) => d.eventLoopDelayMs.p50),
      p99: max((d) => d.eventLoopDelayMs.p99),
      max: max((d) => d.eventLoopDelayMs.max),
    };
    const servers = await options.serversAtEnd?.(startMs);
    const warmup = sumWarmups(warmups);
    options.watchdog?.arm(WEDGED_AFTER_MS, WEDGED_HOOK_SAID);
    const lifecycle = await tearDown(resolved, setup, tearing.signal);
    options.watchdog?.disarm();
    return finishRun(resolved, recorder, timing, { ...usage, eventLoopDelayMs: loop }, options.command ?? '', {
      address: await address,
      ...(servers ? { servers } : {}),
      ...(warmup ? { warmup } : {}),
      lifecycle,
      ...(stoppedBy ? { stopped: stoppedBy } : {}),
    });
  };

  return handleOf(
    done,
    (endedEarly) => {
      stopping = true;
      tell(endedEarly === undefined ? { type: 'stop' } : { type: 'stop', endedEarly });
    },
    () => {
      stopping = true;
      tell({ type: 'abort' });
      setting.abort();
      tearing.abort();
      // A worker that cannot hear the abort (its loop held by user code) is ended, its last report kept.
      setTimeout(() => {
        for (let i = 0; i < count; i++) endWedged(i);
      }, ABORT_ANSWER_MS).unref();
    },
  );
}

/** The workers' shares of a warm-up as one: their counts added, the longest time. */
function sumWarmups(parts: readonly WarmupResult[]): WarmupResult | undefined {
  if (parts.length === 0) return undefined;
  const errors: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + n;
  const sum = (f: (p: WarmupResult) => number): number => parts.reduce((n, p) => n + f(p), 0);
  return {
    arrivals: sum((p) => p.arrivals),
    sent: sum((p) => p.sent),
    ok: sum((p) => p.ok),
    failed: sum((p) => p.failed),
    errors,
    seconds: Math.max(...parts.map((p) => p.seconds)),
  };
}
