import type { RecorderState } from '../../core/recorder/index.js';
import { startThread } from '../../core/single-file.js';
import type { Measurement } from '../result/index.js';

/**
 * How long user code may hold a sending thread's event loop before the run is taken for wedged.
 * A sender gives its loop back every few ms; a sound run never holds it for 1 s. A `check()` that
 * spins, or a regex that backtracks for ever on a hostile body, held one for ever and lost every
 * result (hostile N14): past this bound a worker thread is ended by the main thread (its last
 * report kept), and a run on one thread is ended by its watchdog (its figures saved).
 */
export const WEDGED_AFTER_MS = 5_000;

/** How long a load file's top level may hold the event loop while it loads: a loop there never ends. */
export const LOADING_WEDGED_AFTER_MS = 30_000;

/** How often the watched thread beats, and the watchdog looks. */
const BEAT_MS = 250;

/** What the watchdog saves before it ends a wedged run: the figures so far, into `out`. */
export interface WatchdogSave {
  readonly out: string;
  /** The run's measurement with nothing recorded yet: the figures go into it. */
  readonly base: Measurement;
}

/** What the watchdog thread is told. */
export type ToWatchdog =
  | { readonly type: 'arm'; readonly limitMs: number; readonly said: string; readonly save?: WatchdogSave }
  | { readonly type: 'disarm' }
  /** The figures so far: the closed seconds since the last report, and the totals. */
  | { readonly type: 'figures'; readonly state: RecorderState; readonly elapsedMs: number };

/** What the watchdog thread starts with. */
export interface WatchdogInput {
  /** The watched thread's beat: it adds one every {@link BEAT_MS}. */
  readonly beat: Int32Array;
  readonly beatMs: number;
}

/**
 * A thread that watches this thread's event loop while user code runs on it (a load file loading,
 * the senders of a run on one thread): if the loop is held past the armed bound, nothing on this
 * thread can run again (no signal handler, no timer), so the watchdog says why on stderr, saves
 * the figures it was sent into the `--out` folder (marked incomplete, as a killed run's: `lptf
 * report` renders it) and ends the process (SIGKILL: exit 137). JavaScript on a thread cannot be
 * cut from another without ending the process (V8's termination from the inspector aborts Node:
 * tried); runs on worker threads are cut finer, a worker at a time (`startWorkerTest`).
 *
 * @example
 * ```ts
 * const watchdog = startWatchdog()
 * watchdog.arm(LOADING_WEDGED_AFTER_MS, 'x.load.ts has held the event loop for 30 s while loading')
 * await import(file)
 * watchdog.disarm()
 * ```
 */
export interface Watchdog {
  /** Where a wedged run's figures go: the run's `--out` folder. */
  saveInto(out: string): void;
  /** Whether a wedged run's figures are saved (an `--out` folder was given). */
  saves(): boolean;
  /** Arms (or re-arms) the bound; with the run's `base` measurement, a wedged run's figures are saved. */
  arm(limitMs: number, said: string, base?: Measurement): void;
  /** The figures so far (only while armed with a save): the seconds since the last call, the totals. */
  figures(state: RecorderState, elapsedMs: number): void;
  disarm(): void;
  /** Ends the watchdog thread. */
  stop(): Promise<void>;
}

// As the load workers: built, the entry is the .js beside this file; from source, the .ts with tsx.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCE ? './watchdog-thread.ts' : './watchdog-thread.js', import.meta.url);

/**
 * Starts the watchdog of this thread (disarmed).
 *
 * @example
 * ```ts
 * const watchdog = startWatchdog()
 * ```
 */
export function startWatchdog(): Watchdog {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const data: WatchdogInput = { beat, beatMs: BEAT_MS };
  const worker = startThread('watchdog', ENTRY, data);
  // Neither the thread nor the beat keeps a finished command alive.
  worker.unref();
  const beating = setInterval(() => Atomics.add(beat, 0, 1), BEAT_MS);
  beating.unref();
  const tell = (m: ToWatchdog): void => worker.postMessage(m);
  let out: string | undefined;
  return {
    saveInto: (dir) => {
      out = dir;
    },
    saves: () => out !== undefined,
    arm: (limitMs, said, base) =>
      tell({ type: 'arm', limitMs, said, ...(base && out !== undefined ? { save: { out, base } } : {}) }),
    figures: (state, elapsedMs) => tell({ type: 'figures', state, elapsedMs }),
    disarm: () => tell({ type: 'disarm' }),
    async stop() {
      clearInterval(beating);
      await worker.terminate();
    },
  };
}
