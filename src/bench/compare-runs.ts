import type { BenchRunResult } from './bench-result.js';
import { changeVerdict, medianRatio } from './stats.js';

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
 * `improvement`; an interval that straddles the threshold is `inconclusive`. `ratioOf` is how a
 * change is measured: by default the ratio of two independent runs' medians; runs measured in the
 * same rounds take their per-round ratios (`compareTwins`).
 *
 * @example
 * ```ts
 * compareRuns(now, before).filter((r) => r.verdict === 'regression')
 * ```
 */
export function compareRuns(
  now: BenchRunResult,
  before: BenchRunResult,
  threshold = 0.05,
  ratioOf: (
    now: readonly number[],
    before: readonly number[],
  ) => { ratio: number; low: number; high: number } | null = medianRatio,
): Regression[] {
  const out: Regression[] = [];
  for (const s of now.suites) {
    const old = before.suites.find((x) => x.name === s.name);
    for (const p of s.pairs) {
      const q = old?.pairs.find((x) => x.benchmark === p.benchmark && x.case === p.case);
      if (!q || p.samplesNs.length === 0 || q.samplesNs.length === 0) continue;
      const r = ratioOf(p.samplesNs, q.samplesNs);
      if (!r) continue;
      const verdict = changeVerdict(r, threshold);
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

/**
 * What differs between a saved run and this one besides the code, for `--compare`: the machine
 * or Node it ran on, how fast the machine's calibration loop ran, and how wide each suite's
 * noise floor was. A change measured across such a gap may be the machine's; `--against`
 * measures both sides in the same rounds instead.
 *
 * @example
 * ```ts
 * drift(saved, now) // ['the saved run is from another machine or Node: linux/x64, 8 CPUs, Node v20.11.0; now …']
 * ```
 */
export function drift(before: BenchRunResult, now: BenchRunResult): string[] {
  const lines: string[] = [];
  const machine = (r: BenchRunResult): string =>
    `${r.meta.platform}/${r.meta.arch}, ${r.meta.cpus} CPUs, Node ${r.meta.node}`;
  if (machine(before) !== machine(now))
    lines.push(
      `the saved run is from another machine or Node (${machine(before)}; now ${machine(now)}): a change may be the machine's, not the code's (--against measures both now)`,
    );
  const pct = (n: number): string => `${Math.round(n * 1000) / 10}%`;
  for (const s of now.suites) {
    const old = before.suites.find((x) => x.name === s.name);
    if (!old) continue;
    if (s.calibrationNs && old.calibrationNs) {
      const speed = s.calibrationNs / old.calibrationNs;
      if (Math.abs(speed - 1) > 0.1)
        lines.push(
          `${s.name}: this machine's calibration loop ran ${speed > 1 ? `${Number(speed.toFixed(2))}× slower` : `${Number((1 / speed).toFixed(2))}× faster`} than when the run was saved: the machine drifted, and every change here carries it`,
        );
    }
    const width = (f: typeof s.noiseFloor): number | null => (f ? Math.max(f.high - 1, 1 - f.low) : null);
    const [was, is] = [width(old.noiseFloor), width(s.noiseFloor)];
    if (was !== null && is !== null && (is > 2 * was || was > 2 * is) && Math.max(was, is) > 0.02)
      lines.push(
        `${s.name}: the noise floor was ±${pct(was)} then and is ±${pct(is)} now: the two runs are not equally precise`,
      );
  }
  return lines;
}
