import type { BenchRunResult } from './bench-result.js';
import { medianRatio } from './stats.js';

/**
 * How one (suite, benchmark, case) changed from a saved run: the ratio of medians now/before
 * with its 95% interval, and the verdict.
 *
 * @example
 * ```ts
 * const r: Regression = { suite: 's', benchmark: 'b', case: 'Min', beforeNs: 100, nowNs: 112, change: 1.12, low: 1.08, high: 1.15, verdict: 'regression' }
 * ```
 */
export interface Regression {
  readonly suite: string;
  readonly benchmark: string;
  readonly case: string;
  readonly beforeNs: number;
  readonly nowNs: number;
  readonly change: number;
  readonly low: number;
  readonly high: number;
  /** `regression` or `improvement` only when the whole interval lies beyond the threshold. */
  readonly verdict: 'regression' | 'improvement' | 'unchanged' | 'inconclusive';
}

/**
 * Compares a run with a saved one, pair by pair (those in both). A change counts only when its
 * whole 95% interval lies beyond `threshold` (default 5%): slower → `regression`, faster →
 * `improvement`; an interval that straddles the threshold is `inconclusive`.
 *
 * @example
 * ```ts
 * compareRuns(now, before).filter((r) => r.verdict === 'regression')
 * ```
 */
export function compareRuns(now: BenchRunResult, before: BenchRunResult, threshold = 0.05): Regression[] {
  const out: Regression[] = [];
  for (const s of now.suites) {
    const old = before.suites.find((x) => x.name === s.name);
    for (const p of s.pairs) {
      const q = old?.pairs.find((x) => x.benchmark === p.benchmark && x.case === p.case);
      if (!q || p.samplesNs.length === 0 || q.samplesNs.length === 0) continue;
      const r = medianRatio(p.samplesNs, q.samplesNs);
      const verdict =
        r.low > 1 + threshold
          ? 'regression'
          : r.high < 1 - threshold
            ? 'improvement'
            : r.low >= 1 - threshold && r.high <= 1 + threshold
              ? 'unchanged'
              : 'inconclusive';
      const round = (n: number): number => Number(n.toPrecision(4));
      out.push({
        suite: s.name,
        benchmark: p.benchmark,
        case: p.case,
        beforeNs: q.medianNs ?? 0,
        nowNs: p.medianNs ?? 0,
        change: round(r.ratio),
        low: round(r.low),
        high: round(r.high),
        verdict,
      });
    }
  }
  return out;
}
