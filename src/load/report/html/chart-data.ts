import type { SecondSummary, SpectrumPoint } from '../../../core/recorder/index.js';
import type { RunResult } from '../../result/index.js';

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
