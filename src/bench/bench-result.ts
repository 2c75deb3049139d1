/**
 * The figures of one (suite, benchmark, case): time per call with its 95% confidence interval,
 * spread, validity, and the ratio to the baseline.
 *
 * @example
 * ```ts
 * const p: PairResult = result.suites[0].pairs[0]; `${p.medianNs} ns [${p.ciLowNs}, ${p.ciHighNs}]`
 * ```
 */
export interface PairResult {
  readonly suite: string;
  readonly benchmark: string;
  readonly case: string;
  readonly medianNs: number | null;
  readonly ciLowNs: number | null;
  readonly ciHighNs: number | null;
  readonly meanNs: number | null;
  readonly sdNs: number | null;
  /** Coefficient of variation: SD / mean. */
  readonly cv: number | null;
  readonly p75Ns: number | null;
  readonly p99Ns: number | null;
  readonly opsPerSec: number | null;
  /** Samples (one per round) and how many calls each timed. */
  readonly samples: number;
  readonly batch: number;
  /** Samples further than 3.5 scaled MADs from the median: flagged, still counted. */
  readonly outliers: number;
  /** False if `validate` rejected a result (on the first or the last sample). */
  readonly valid: boolean;
  readonly invalid: string | null;
  readonly error: string | null;
  /** Median of the per-round ratios to the baseline on the same case, with its interval. */
  readonly ratio: number | null;
  readonly ratioLow: number | null;
  readonly ratioHigh: number | null;
  /** Median time per call in units of this run's calibration loop: comparable across machines. */
  readonly normalized: number | null;
  /** Heap bytes allocated per call, where a batch ran without a GC. */
  readonly bytesPerOp: number | null;
  readonly warnings: readonly string[];
  /** The samples (ns per call, in round order), for `--compare` later. */
  readonly samplesNs: readonly number[];
}

/**
 * A suite's results, and what the run learnt about itself.
 *
 * @example
 * ```ts
 * suite.noiseFloor?.containsOne // false means this run was too noisy to trust small ratios
 * ```
 */
export interface SuiteResult {
  readonly name: string;
  readonly file: string;
  readonly baseline: string | null;
  readonly cases: readonly string[];
  readonly pairs: readonly PairResult[];
  /** The loop's own cost per call (the empty function's median), in ns. */
  readonly overheadNs: number | null;
  readonly calibrationNs: number | null;
  /** The hidden baseline copy's ratio to the baseline: the widest interval over the cases. */
  readonly noiseFloor: {
    readonly ratio: number;
    readonly low: number;
    readonly high: number;
    readonly containsOne: boolean;
  } | null;
  /** Set if the suite could not run at all (its worker died, say). */
  readonly error: string | null;
}

/**
 * A `lptf bench` run, as `--save` writes it (`schema: 'lptf.bench/1'`).
 *
 * @example
 * ```ts
 * const run: BenchRunResult = JSON.parse(await readFile('results.json', 'utf8'))
 * ```
 */
export interface BenchRunResult {
  readonly schema: 'lptf.bench/1';
  readonly startedAt: string;
  readonly meta: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly command: string;
  };
  readonly options: {
    readonly rounds: number;
    readonly sampleMs: number;
    readonly seed: number;
    readonly isolate: 'worker' | 'process';
    readonly gc: boolean;
    /** Calls per sample fixed for every suite (`--iterations`); absent when each suite or pair sized its own. */
    readonly iterations?: number;
    /** The base measured beside the working tree in the same rounds (`--against`), if any. */
    readonly against?: string;
  };
  readonly suites: readonly SuiteResult[];
}
