import { type CheckUnit, formatThreshold } from '../../core/checks/index.js';
import type { Recorder, SecondSummary, SpectrumPoint } from '../../core/recorder/index.js';
import { formatDuration, formatMs } from '../../core/units/index.js';
import type { ProgressSnapshot } from '../progress/index.js';

/**
 * What the dashboard sends every second: the run's state as display text, the seconds closed
 * since the last update, and the latency distribution so far.
 *
 * @example
 * ```ts
 * const u: LiveUpdate = liveUpdate(snapshot, recorder, 0)
 * ```
 */
export interface LiveUpdate {
  readonly status: {
    readonly fraction: number;
    readonly elapsed: string;
    readonly left: string;
    readonly rate: string;
    readonly p95: string;
    readonly errors: string;
    readonly inflight: number;
    readonly verdict: ProgressSnapshot['verdict'];
  };
  readonly checks: readonly {
    readonly name: string;
    readonly value: string;
    readonly expected: string;
    readonly pass: boolean;
    /** Passing or failing so far, or decided (see `ProgressSnapshot`). */
    readonly state: ProgressSnapshot['checks'][number]['state'];
  }[];
  readonly seconds: readonly SecondSummary[];
  readonly spectra: Readonly<Record<string, readonly SpectrumPoint[]>>;
  /** The watched servers' readings since the last update. */
  readonly servers: readonly ServerPoint[];
}

/**
 * A watched server's reading at a second of the run, as the live servers chart draws it.
 *
 * @example
 * ```ts
 * const p: ServerPoint = { name: 'pid 4242 (node)', second: 12, cpu: 0.4, memMB: 81 }
 * ```
 */
export interface ServerPoint {
  readonly name: string;
  readonly second: number;
  readonly cpu: number;
  readonly memMB: number;
  readonly threads?: number;
  readonly fds?: number | null;
}

/**
 * Builds an update from a progress snapshot and the recorder, with the seconds after the first
 * `fromSecond` closed ones (0 for a browser that has seen nothing yet). `spectra`, if given, is
 * the distribution already computed for this tick (one computation serves every open page).
 *
 * @example
 * ```ts
 * liveUpdate(snapshot, recorder, 12).seconds[0]?.second // 13
 * ```
 */
export function liveUpdate(
  s: ProgressSnapshot,
  recorder: Recorder,
  fromSecond: number,
  spectra?: LiveUpdate['spectra'],
  servers: readonly ServerPoint[] = [],
): LiveUpdate {
  return {
    status: {
      fraction: Math.min(1, s.elapsedMs / s.durationMs),
      elapsed: `${formatDuration(s.elapsedMs)} of ${formatDuration(s.durationMs)}`,
      left: formatDuration(Math.max(0, s.durationMs - s.elapsedMs)),
      rate: !s.closedLoop ? `${s.rate.toFixed(1)}/s of ${s.targetRate}/s` : `${s.rate.toFixed(1)}/s, closed loop`,
      p95: `${formatMs(s.recentP95)} (last 5 s), ${formatMs(s.p95)} (all)`,
      errors: `${s.failed} failed, ${s.dropped} dropped of ${s.sent} sent`,
      inflight: s.inflight,
      verdict: s.verdict,
    },
    checks: s.checks.map((c) => ({
      name: c.name,
      value: c.actual === null ? 'n/a' : formatThreshold(c.actual, c.unit as CheckUnit),
      expected: c.expected,
      pass: c.pass,
      state: c.state,
    })),
    seconds: recorder.series.closed().slice(fromSecond),
    spectra: spectra ?? { all: recorder.overall.latencySpectrum() },
    servers,
  };
}
