import type { SecondSummary, SpectrumPoint } from '../../../core/recorder/index.js';
import type { RunResult } from '../../result/index.js';
import {
  arrivalsIn,
  type PlannedLine,
  type PlannedTarget,
  plannedLines,
  type StageMark,
  stageMarks,
} from './planned-rates.js';

/**
 * A latency bound the checks use (`<=170ms` → 170), drawn as a line on the latency charts.
 *
 * @example
 * ```ts
 * const b: Bound = { label: '<=170ms', ms: 170 }
 * ```
 */
export interface Bound {
  readonly label: string;
  readonly ms: number;
}

/**
 * Everything the page's charts draw, and nothing else: the browser never sees the rest of the
 * result. The live dashboard sends the same shape, a few seconds at a time.
 *
 * @example
 * ```ts
 * const data: ChartData = chartData(result)
 * ```
 */
export interface ChartData {
  readonly targetRate: number;
  readonly durationSec: number;
  /** How long the schedule ran (shorter than the duration if it was stopped); absent live. */
  readonly scheduleSec?: number;
  readonly bounds: readonly Bound[];
  readonly seconds: readonly SecondSummary[];
  /** The latency distribution of each scope: `all`, then each group when there are several. */
  readonly spectra: Readonly<Record<string, readonly SpectrumPoint[]>>;
  /** Each watched server's CPU and memory per second; absent if none was watched. */
  readonly servers?: readonly ServerLine[];
  /** The arrival rate's stages, when it ramps: the target line follows them, their boundaries are marked. */
  readonly stages?: readonly StageSpan[];
  /** Where each stage starts, when scenarios have stages of their own (else the client reads `stages`). */
  readonly marks?: readonly StageMark[];
  /** The whole plan's rate in each second, when scenarios have arrivals of their own (else from `stages`). */
  readonly plannedRate?: readonly number[];
  /** The groups whose sends each second (`seconds[].groups`) the per-scenario chart draws, when there are several. */
  readonly groupNames?: readonly string[];
  /** What the plan scheduled for each scenario (or case group) each second, drawn against its sends. */
  readonly plannedByGroup?: readonly PlannedLine[];
  /** The worst window of each windowed check that failed, shaded on the latency chart. */
  readonly windows?: readonly WindowMark[];
}

/**
 * A failed windowed check's worst window, as the latency chart shades it: seconds `fromSecond`
 * to `toSecond` (1-based, inclusive), with the check's name.
 *
 * @example
 * ```ts
 * const w: WindowMark = { label: 'error_rate over 5s <= 20%', fromSecond: 7, toSecond: 11 }
 * ```
 */
export interface WindowMark {
  readonly label: string;
  readonly fromSecond: number;
  readonly toSecond: number;
}

/**
 * One stage on the charts: it ends at `endSec` (it starts where the one before ended), its rate
 * moving in a straight line from `from` to `to` requests per second.
 *
 * @example
 * ```ts
 * const s: StageSpan = { name: 'ramp-up', endSec: 10, from: 0, to: 400 }
 * ```
 */
export interface StageSpan {
  readonly name: string;
  readonly endSec: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The stages of a target as the charts draw them.
 *
 * @example
 * ```ts
 * stageSpans({ stages: [{ name: 'up', durationSec: 10, target: 400 }], startRate: 0 }) // [{ name: 'up', endSec: 10, from: 0, to: 400 }]
 * ```
 */
export function stageSpans(t: Pick<RunResult['target'], 'stages' | 'startRate'>): StageSpan[] | undefined {
  if (!t.stages) return undefined;
  let endSec = 0;
  let from = t.startRate ?? 0;
  return t.stages.map((st) => {
    endSec += st.durationSec;
    const span = { name: st.name, endSec, from, to: st.target };
    from = st.target;
    return span;
  });
}

/**
 * One watched server on the servers chart.
 *
 * @example
 * ```ts
 * const s: ServerLine = { name: 'pid 4242 (node)', seconds: [{ second: 1, cpu: 0.4, memMB: 81 }] }
 * ```
 */
export interface ServerLine {
  readonly name: string;
  readonly seconds: readonly { readonly second: number; readonly cpu: number; readonly memMB: number }[];
}

/**
 * The bounds of a result's share keys, smallest first, without duplicates.
 *
 * @example
 * ```ts
 * boundsOf({ '<=170ms': 0.99, '>870ms': 0.001 }) // [{ label: '<=170ms', ms: 170 }, { label: '>870ms', ms: 870 }]
 * ```
 */
export function boundsOf(shares: Readonly<Record<string, unknown>>): Bound[] {
  const seen = new Map<number, Bound>();
  for (const label of Object.keys(shares)) {
    const m = /^[<>]=?(\d+(?:\.\d+)?)ms$/.exec(label);
    if (m && !seen.has(Number(m[1]))) seen.set(Number(m[1]), { label, ms: Number(m[1]) });
  }
  return [...seen.values()].sort((a, b) => a.ms - b.ms);
}

/**
 * What the charts draw of a plan over its first `seconds` seconds: its stages (a ramp's target
 * line), where each stage starts and the whole's rate per second when scenarios have their own
 * parts, and (when `grouped`) what each scenario or case group was planned. The report and the
 * live dashboard both draw from it.
 *
 * @example
 * ```ts
 * plannedCharts(result.target, result.series.length, true).plannedByGroup?.map((l) => l.name) // ['list', 'item']
 * ```
 */
export function plannedCharts(
  target: PlannedTarget,
  seconds: number,
  grouped: boolean,
): Pick<ChartData, 'stages' | 'marks' | 'plannedRate' | 'plannedByGroup'> {
  const parts = target.parts;
  const marks = parts ? stageMarks(target) : undefined;
  const planned = grouped ? plannedLines(target, seconds) : undefined;
  return {
    ...(target.stages ? { stages: stageSpans(target) } : {}),
    ...(marks ? { marks } : {}),
    ...(parts
      ? {
          plannedRate: Array.from({ length: seconds }, (_, i) =>
            parts.reduce((n, p) => n + arrivalsIn(p, i, i + 1), 0),
          ),
        }
      : {}),
    ...(planned ? { plannedByGroup: planned } : {}),
  };
}

/**
 * The chart data of a finished run.
 *
 * @example
 * ```ts
 * chartData(result).seconds.length === result.series.length
 * ```
 */
export function chartData(result: RunResult): ChartData {
  const groups = Object.entries(result.groups);
  return {
    targetRate: result.target.rate,
    durationSec: result.target.durationSec,
    scheduleSec: result.elapsedSec,
    bounds: boundsOf(result.shares),
    seconds: result.series,
    spectra: Object.fromEntries([
      ['all', result.spectrum],
      ...(groups.length > 1 ? groups.map(([name, g]) => [name, g.spectrum]) : []),
    ]),
    ...(groups.length > 1 ? { groupNames: groups.map(([name]) => name) } : {}),
    ...plannedCharts(result.target, result.series.length, groups.length > 1),
    ...windowMarks(result),
    ...(result.servers
      ? {
          servers: result.servers.map((s) => ({
            name: s.name,
            seconds: s.seconds.map(({ second, cpu, memMB }) => ({ second, cpu, memMB })),
          })),
        }
      : {}),
  };
}

/** The failed windowed checks' worst windows, when there are any. */
function windowMarks(result: RunResult): { windows?: WindowMark[] } {
  const windows = result.checks.flatMap((c) =>
    c.window && !c.pass ? [{ label: c.name, fromSecond: c.window.fromSecond, toSecond: c.window.toSecond }] : [],
  );
  return windows.length > 0 ? { windows } : {};
}
