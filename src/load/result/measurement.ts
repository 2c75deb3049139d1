import type { RecorderState } from '../../core/recorder/index.js';
import type { RunTiming } from '../../core/run/run.js';
import type { ProcessUsage } from '../../core/run/usage-probe.js';
import type { RunResult } from './run-result.js';
import type { ServerSeries } from './server-result.js';

/**
 * The raw measurements of one run, in a form any number of runs can be merged from:
 * `measure.json` beside `summary.json`. Where `summary.json` holds rounded figures for people,
 * this holds the counters and the HDR histograms themselves (overall, per case group and per
 * second), so that runs of one plan on several machines add up to the figures one machine
 * would have measured. Documented in docs/measure-format.md; `schema` changes when its meaning does.
 *
 * @example
 * ```ts
 * const m: Measurement = JSON.parse(await readFile('out/measure.json', 'utf8'))
 * m.recorder.overall.sent
 * ```
 */
export interface Measurement {
  readonly schema: 'lptf.measure/1';
  readonly tool: RunResult['tool'];
  /** The plan as the result states it (URL without credentials). */
  readonly target: RunResult['target'];
  /** The pass/fail checks and the informational ones, as text (`share(<=170ms) >= 95%`). */
  readonly checks: readonly string[];
  readonly info: readonly string[];
  /** Which segment of a test spread over instances this is (`--segment`); null for a whole run. */
  readonly segment: { readonly index: number; readonly count: number } | null;
  /** The language of the reports. */
  readonly lang: 'zh' | 'en';
  readonly startedAt: string;
  readonly timing: {
    readonly scheduleMs: number;
    readonly sendWindowMs: number;
    readonly totalMs: number;
    readonly interrupted: boolean;
  };
  readonly usage: ProcessUsage;
  readonly recorder: RecorderState;
  /** The watched servers' series; absent if none was watched. */
  readonly servers?: readonly ServerSeries[];
  /** Set while a run is still going (or was killed): the figures up to `atSec`, saved at `writtenAt`. */
  readonly checkpoint?: { readonly atSec: number; readonly writtenAt: string };
}

/**
 * Bundles a finished run's raw state for `measure.json`.
 *
 * @example
 * ```ts
 * const m = measurementOf(result, recorder.state(), timing, usage, { index: 0, count: 3 })
 * ```
 */
export function measurementOf(
  result: RunResult,
  recorder: RecorderState,
  timing: RunTiming,
  usage: ProcessUsage,
  segment?: Measurement['segment'],
): Measurement {
  return {
    schema: 'lptf.measure/1',
    tool: result.tool,
    target: result.target,
    checks: result.checks.map((c) => c.name),
    info: result.info.map((c) => c.name),
    segment: segment ?? null,
    lang: result.meta.lang,
    startedAt: result.startedAt,
    timing: {
      scheduleMs: timing.scheduleMs,
      sendWindowMs: timing.sendWindowMs,
      totalMs: timing.totalMs,
      interrupted: timing.interrupted,
    },
    usage,
    recorder,
    ...(result.servers
      ? {
          servers: result.servers.map((s) => ({
            name: s.name,
            kind: s.kind,
            seconds: s.seconds,
            ...(s.vanishedAtSec !== undefined ? { vanishedAtSec: s.vanishedAtSec } : {}),
            failedReads: s.failedReads,
          })),
        }
      : {}),
  };
}
