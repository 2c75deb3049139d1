import { seededRandom } from '../core/cases/random.js';

/**
 * Pure statistics for benchmark samples. Every function takes plain numbers and returns plain
 * numbers; none mutates its input.
 */

/**
 * The q-quantile (0..1) of the values, interpolating linearly between order statistics (the
 * R-7 / NumPy default); NaN for no values.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5) // 2.5
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * The median.
 *
 * @example
 * ```ts
 * median([5, 1, 3]) // 3
 * ```
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * The arithmetic mean; NaN for no values.
 *
 * @example
 * ```ts
 * mean([1, 2, 3, 4]) // 2.5
 * ```
 */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The sample standard deviation (n − 1); 0 for one value, NaN for none.
 *
 * @example
 * ```ts
 * standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138…
 * ```
 */
export function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  if (values.length === 1) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * The median absolute deviation from the median (unscaled).
 *
 * @example
 * ```ts
 * medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]) // 1
 * ```
 */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * Indexes of outliers: values more than `k` scaled MADs (1.4826 × MAD, the SD of a normal
 * sample) from the median. They are flagged, never dropped.
 *
 * @example
 * ```ts
 * outlierIndexes([10, 11, 10, 12, 11, 50]) // [5]
 * ```
 */
export function outlierIndexes(values: readonly number[], k = 3.5): number[] {
  const m = median(values);
  const scaled = 1.4826 * medianAbsoluteDeviation(values);
  if (!(scaled > 0)) return [];
  return values.flatMap((v, i) => (Math.abs(v - m) / scaled > k ? [i] : []));
}

/**
 * A percentile bootstrap confidence interval of `statistic` over `values` (resampled with
 * replacement `resamples` times, seeded): `[low, high]` at `level` (default 95%).
 *
 * @example
 * ```ts
 * bootstrapInterval(samples, median) // [ciLow, ciHigh]
 * ```
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (v: readonly number[]) => number,
  level = 0.95,
  resamples = 2000,
  seed = 1,
): [number, number] {
  if (values.length === 0) return [Number.NaN, Number.NaN];
  const next = seededRandom(seed);
  const stats = new Array<number>(resamples);
  const draw = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) draw[i] = values[Math.floor(next() * values.length)] as number;
    stats[r] = statistic(draw);
  }
  const alpha = (1 - level) / 2;
  return [quantile(stats, alpha), quantile(stats, 1 - alpha)];
}

/**
 * The ratio of two independent sample sets' medians (`a / b`) with a bootstrap interval that
 * resamples both: how a benchmark changed between two runs.
 *
 * @example
 * ```ts
 * medianRatio(newSamples, oldSamples) // { ratio: 1.08, low: 1.05, high: 1.11 }
 * ```
 */
export function medianRatio(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
  resamples = 2000,
  seed = 1,
): { ratio: number; low: number; high: number } {
  const next = seededRandom(seed);
  const pick = (v: readonly number[]): number[] => v.map(() => v[Math.floor(next() * v.length)] as number);
  const ratios = Array.from({ length: resamples }, () => median(pick(a)) / median(pick(b)));
  const alpha = (1 - level) / 2;
  return { ratio: median(a) / median(b), low: quantile(ratios, alpha), high: quantile(ratios, 1 - alpha) };
}

/**
 * The per-round ratios of `a` to `b` measured in the same rounds, with their median and its
 * bootstrap interval: each round's ratio cancels what the machine did in that round.
 *
 * @example
 * ```ts
 * pairedRatio(fastSamples, baselineSamples) // { ratio: 0.5, low: 0.48, high: 0.52 }
 * ```
 */
export function pairedRatio(
  a: readonly number[],
  b: readonly number[],
  resamples = 2000,
): { ratio: number; low: number; high: number } | null {
  const n = Math.min(a.length, b.length);
  if (n === 0) return null;
  const ratios = Array.from({ length: n }, (_, i) => (a[i] as number) / (b[i] as number));
  const [low, high] = bootstrapInterval(ratios, median, 0.95, resamples);
  return { ratio: median(ratios), low, high };
}

/**
 * What a change's interval says against a threshold: slower beyond it (`regression`), faster
 * beyond it (`improvement`), wholly within it (`unchanged`), or straddling it (`inconclusive`).
 *
 * @example
 * ```ts
 * changeVerdict({ low: 1.08, high: 1.15 }, 0.05) // 'regression'
 * ```
 */
export function changeVerdict(
  r: { readonly low: number; readonly high: number },
  threshold: number,
): 'regression' | 'improvement' | 'unchanged' | 'inconclusive' {
  if (r.low > 1 + threshold) return 'regression';
  if (r.high < 1 - threshold) return 'improvement';
  if (r.low >= 1 - threshold && r.high <= 1 + threshold) return 'unchanged';
  return 'inconclusive';
}
