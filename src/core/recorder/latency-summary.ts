import { type LatencyHistogram, percentileMs } from './histogram.js';

/**
 * The latency figures every report shows, in milliseconds. `null` when nothing was measured.
 * `min`, `mean` and `max` are exact; percentiles come from the HDR histogram (±0.1%).
 *
 * @example
 * ```ts
 * const s: LatencySummary = { count: 2, min: 1, mean: 1.5, p50: 1, p90: 2, p95: 2, p99: 2, p999: 2, max: 2 }
 * ```
 */
export interface LatencySummary {
  readonly count: number;
  readonly min: number | null;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
}

/**
 * Exact running figures kept beside a histogram.
 *
 * @example
 * ```ts
 * const e: ExactStats = newExactStats()
 * ```
 */
export interface ExactStats {
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * Creates empty exact stats.
 *
 * @example
 * ```ts
 * const e = newExactStats(); addExact(e, 5); e.maxMs // 5
 * ```
 */
export function newExactStats(): ExactStats {
  return { count: 0, sumMs: 0, minMs: Number.POSITIVE_INFINITY, maxMs: 0 };
}

/**
 * Adds one value (ms) to exact stats.
 *
 * @example
 * ```ts
 * addExact(stats, 12.5)
 * ```
 */
export function addExact(stats: ExactStats, ms: number): void {
  stats.count++;
  stats.sumMs += ms;
  if (ms < stats.minMs) stats.minMs = ms;
  if (ms > stats.maxMs) stats.maxMs = ms;
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Summarises a histogram and its exact stats into a {@link LatencySummary}, rounded to the µs.
 *
 * @example
 * ```ts
 * summarize(hist, exact).p95
 * ```
 */
export function summarize(h: LatencyHistogram, exact: ExactStats): LatencySummary {
  const p = (q: number): number | null => {
    const v = percentileMs(h, q);
    // The histogram reports a bucket's upper edge; never report beyond the exact max.
    return v === null ? null : round3(Math.min(v, exact.maxMs));
  };
  const empty = exact.count === 0;
  return {
    count: exact.count,
    min: empty ? null : round3(exact.minMs),
    mean: empty ? null : round3(exact.sumMs / exact.count),
    p50: p(50),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    p999: p(99.9),
    max: empty ? null : round3(exact.maxMs),
  };
}
