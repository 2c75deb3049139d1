import type { Recorder } from '../../core/recorder/index.js';
import type { Transport } from '../../core/transport/index.js';
import type { ServerWatch } from '../../core/watch/index.js';
import type { PlanInput } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { Measurement, RunResult, ServerSeries } from '../result/index.js';
import type { Watchdog } from './watchdog.js';

/**
 * Options of `startLoadTest`.
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
  readonly onProgress?: (snapshot: ProgressSnapshot, recorder: Recorder, servers?: LiveServers) => void;
  /** The command line, credentials already redacted, for the report. */
  readonly command?: string;
  /** A transport other than the plan's HTTP client (tests, other protocols); not with workers. */
  readonly transport?: Transport;
  /** The plan layers as given: worker threads (`plan.workers` > 1) resolve the plan from them again. */
  readonly layers?: readonly PlanInput[];
  /**
   * Set by `startLoadTest` when the plan watches servers: ends the watch once the run is over and
   * returns the series, on the run's seconds from `startMs` (ms since the epoch).
   */
  readonly serversAtEnd?: (startMs: number) => Promise<readonly ServerSeries[]>;
  /**
   * Set by the CLI: watches this thread while user code runs on it (setup, the senders of a run on
   * one thread, teardown), and ends a run it wedges, its figures saved (see `startWatchdog`).
   */
  readonly watchdog?: Watchdog;
}

/**
 * The latest reading of each watched server, for live views.
 *
 * @example
 * ```ts
 * const live: LiveServers = watch.latest()
 * ```
 */
export type LiveServers = ReturnType<ServerWatch['latest']>;

/**
 * A started load test: stop it, or wait for its result.
 *
 * @example
 * ```ts
 * const test: LoadTestHandle = startLoadTest(resolved)
 * ```
 */
export interface LoadTestHandle {
  /**
   * Stops scheduling; requests in flight finish (up to their timeout). With a reason, the run
   * ends early as asked (its coordinator stopped the whole test), not as interrupted.
   */
  stop(endedEarly?: string): void;
  /** Stops at once, aborting requests in flight. */
  abort(): void;
  /** The result, once every answer is in (also after `stop`/`abort`: nothing measured is lost). */
  readonly result: Promise<RunResult>;
  /** The raw, mergeable measurements behind the result (`measure.json`), once it is in. */
  readonly measurement: Promise<Measurement>;
}
