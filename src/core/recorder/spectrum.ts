import { type LatencyHistogram, percentileMs } from './histogram.js';

/**
 * One point of a latency distribution: `ms` is the latency at or below which `p` percent of the
 * answers came.
 *
 * @example
 * ```ts
 * const point: SpectrumPoint = { p: 99, ms: 41.2 }
 * ```
 */
export interface SpectrumPoint {
  readonly p: number;
  readonly ms: number;
}

/** Points per halving of the remaining tail: 50%, 59.5%, 67.7%, 75%, … */
const TICKS_PER_HALF = 4;

/**
 * The percentile spectrum of a histogram, as HdrHistogram plots it: points crowd towards the
 * tail (every halving of the remaining share gets the same number of points), so p99.9 is as
 * visible as p50. It stops where the remaining share holds less than one answer, then ends with
 * the maximum (`p: 100`). It starts with the exact minimum (`p: 0`); no value leaves
 * [`minMs`, `maxMs`], the exact extremes (the histogram reports bucket edges). Empty for an
 * empty histogram.
 *
 * @example
 * ```ts
 * percentileSpectrum(histogram, 3.1, 912.4).at(-1) // { p: 100, ms: 912.4 }
 * ```
 */
export function percentileSpectrum(h: LatencyHistogram, minMs: number, maxMs: number): SpectrumPoint[] {
  const count = h.totalCount;
  if (count === 0) return [];
  const points: SpectrumPoint[] = [];
  const add = (p: number): void => {
    const v = percentileMs(h, p) as number;
    points.push({ p: Math.round(p * 1e4) / 1e4, ms: Math.round(Math.max(minMs, Math.min(v, maxMs)) * 1000) / 1000 });
  };
  for (let p = 0; p < 50; p += 10) add(p);
  for (let k = 0; ; k++) {
    const tail = 0.5 ** (1 + k / TICKS_PER_HALF);
    if (tail * count < 1) break;
    add(100 * (1 - tail));
  }
  add(100);
  return points;
}
