import type { BenchRunResult } from './bench-result.js';
import { compareRuns, type Regression } from './compare-runs.js';
import { pairedRatio } from './stats.js';

/**
 * The suffix of a benchmark measured from the base (`--against`) beside the working tree's of
 * the same name: `parse @base`.
 *
 * @example
 * ```ts
 * `${'parse'}${TWIN}` // 'parse @base'
 * ```
 */
export const TWIN = ' @base';

/**
 * A run measured with twins, split in two: the working tree's pairs (the run the reports show)
 * and the base's, each under its own name.
 *
 * @example
 * ```ts
 * const { head, base } = splitTwins(result)
 * ```
 */
export function splitTwins(run: BenchRunResult): { head: BenchRunResult; base: BenchRunResult } {
  const side = (twin: boolean): BenchRunResult => ({
    ...run,
    suites: run.suites.map((s) => ({
      ...s,
      pairs: s.pairs
        .filter((p) => p.benchmark.endsWith(TWIN) === twin)
        .map((p) => (twin ? { ...p, benchmark: p.benchmark.slice(0, -TWIN.length) } : p)),
    })),
  });
  return { head: side(false), base: side(true) };
}

/**
 * How each (suite, benchmark, case) of the working tree compares with the base's, both measured
 * in the same randomized rounds: the median of the per-round ratios with its 95% interval, so
 * what the machine did in a round (another process, a frequency step) weighs on both sides of
 * that round's ratio and cancels. A change counts only when its whole interval lies beyond
 * `threshold`.
 *
 * @example
 * ```ts
 * compareTwins(result, 0.05).filter((c) => c.verdict === 'regression')
 * ```
 */
export function compareTwins(run: BenchRunResult, threshold: number): Regression[] {
  const { head, base } = splitTwins(run);
  return compareRuns(head, base, threshold, (now, before) => pairedRatio(now, before));
}
