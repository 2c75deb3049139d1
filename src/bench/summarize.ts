import type { PairResult, SuiteResult } from './bench-result.js';
import { HIDDEN } from './hidden.js';
import type { RawPair } from './measure-suite.js';
import { bootstrapInterval, mean, median, outlierIndexes, pairedRatio, quantile, standardDeviation } from './stats.js';

const r3 = (n: number): number => Number(n.toPrecision(6));
const orNull = (n: number): number | null => (Number.isFinite(n) ? r3(n) : null);

/**
 * Turns a suite's raw samples into its results: medians with bootstrap intervals, spread,
 * outlier flags, ratios to the baseline from paired rounds, normalised time, and the noise
 * floor from the hidden baseline copy.
 *
 * @example
 * ```ts
 * const result = summarizeSuite('loops', 'bench/loops.bench.ts', 'fast', ['Min', 'Max'], rawPairs)
 * ```
 */
export function summarizeSuite(
  name: string,
  file: string,
  baseline: string | null,
  cases: readonly string[],
  raw: readonly RawPair[],
): SuiteResult {
  const find = (b: string, c: string): RawPair | undefined => raw.find((p) => p.benchmark === b && p.case === c);
  const empty = find(HIDDEN.empty, '-');
  const calibration = find(HIDDEN.calibration, '-');
  const emptyCi = empty && empty.samplesNs.length > 0 ? bootstrapInterval(empty.samplesNs, median) : undefined;
  const calibrationNs = calibration && calibration.samplesNs.length > 0 ? median(calibration.samplesNs) : null;
  const pairs: PairResult[] = raw
    .filter((p) => !p.hidden)
    .map((p) => {
      const s = p.samplesNs;
      const has = s.length > 0;
      const med = has ? median(s) : Number.NaN;
      const [lo, hi] = has ? bootstrapInterval(s, median) : [Number.NaN, Number.NaN];
      const m = mean(s);
      const base = baseline && p.benchmark !== baseline ? find(baseline, p.case) : undefined;
      const ratio = base ? pairedRatio(s, base.samplesNs) : null;
      const warnings: string[] = [];
      if (has && emptyCi && lo <= emptyCi[1] * 1.05)
        warnings.push(
          'indistinguishable from an empty function: the JIT may have removed the work; return or use its result',
        );
      if (p.error === null && p.valid && s.length < 5) warnings.push(`only ${s.length} samples`);
      return {
        suite: name,
        benchmark: p.benchmark,
        case: p.case,
        medianNs: orNull(med),
        ciLowNs: orNull(lo),
        ciHighNs: orNull(hi),
        meanNs: orNull(m),
        sdNs: orNull(standardDeviation(s)),
        cv: orNull(standardDeviation(s) / m),
        p75Ns: orNull(quantile(s, 0.75)),
        p99Ns: orNull(quantile(s, 0.99)),
        opsPerSec: has && med > 0 ? r3(1e9 / med) : null,
        samples: s.length,
        batch: p.batch,
        outliers: outlierIndexes(s).length,
        valid: p.valid,
        invalid: p.invalid,
        error: p.error,
        ratio: baseline && p.benchmark === baseline && has ? 1 : ratio ? r3(ratio.ratio) : null,
        ratioLow: baseline && p.benchmark === baseline && has ? 1 : ratio ? r3(ratio.low) : null,
        ratioHigh: baseline && p.benchmark === baseline && has ? 1 : ratio ? r3(ratio.high) : null,
        normalized: has && calibrationNs ? r3(med / calibrationNs) : null,
        bytesPerOp: p.bytesPerOp,
        warnings,
        samplesNs: s.map(r3),
      };
    });
  let noiseFloor: SuiteResult['noiseFloor'] = null;
  if (baseline) {
    for (const c of cases) {
      const copy = find(HIDDEN.copy, c);
      const base = find(baseline, c);
      const r = copy && base ? pairedRatio(copy.samplesNs, base.samplesNs) : null;
      if (r && (!noiseFloor || r.high - r.low > noiseFloor.high - noiseFloor.low))
        noiseFloor = { ratio: r3(r.ratio), low: r3(r.low), high: r3(r.high), containsOne: r.low <= 1 && r.high >= 1 };
    }
  }
  return {
    name,
    file,
    baseline,
    cases,
    pairs,
    overheadNs: empty && empty.samplesNs.length > 0 ? r3(median(empty.samplesNs)) : null,
    calibrationNs: calibrationNs === null ? null : r3(calibrationNs),
    noiseFloor,
    error: null,
  };
}
