/**
 * How a suite is measured.
 *
 * @example
 * ```ts
 * const o: MeasureOptions = { ...DEFAULT_MEASURE, rounds: 50 }
 * ```
 */
export interface MeasureOptions {
  /** Randomized interleaved rounds: each (benchmark, case) pair gets one sample per round. */
  readonly rounds: number;
  /** Aim of each sample's duration (ms): far above the clock's resolution, batched to reach it. */
  readonly sampleMs: number;
  /** Most warm-up per pair (ms) while waiting for its time per call to settle. */
  readonly warmupMs: number;
  /** A call (or a batch of async calls) that takes longer fails its benchmark (ms). */
  readonly timeoutMs: number;
  /** Force a garbage collection between rounds. */
  readonly gc: boolean;
  /** Seed of the round order. */
  readonly seed: number;
  /**
   * Calls per sample, fixed for every suite (`--iterations`): the seed's iteration count. Unset,
   * a suite's own `iterations` applies, or else each pair's batch is sized to last `sampleMs`.
   */
  readonly iterations?: number;
  /** Only these benchmarks (for `--isolate process`); all if undefined. */
  readonly only?: readonly string[];
  /**
   * Measured beside a twin (`--against`): past `rounds`, rounds go on until each pair's ratio to
   * its twin's is decided against `threshold` (see `changeVerdict`), or `budgetMs` of rounds end.
   */
  readonly against?: { readonly threshold: number; readonly budgetMs: number };
}

/**
 * The defaults: 30 rounds of 2 ms samples, up to 300 ms of warm-up per pair, a 10 s timeout.
 *
 * @example
 * ```ts
 * DEFAULT_MEASURE.rounds // 30
 * ```
 */
export const DEFAULT_MEASURE: MeasureOptions = {
  rounds: 30,
  sampleMs: 2,
  warmupMs: 300,
  timeoutMs: 10_000,
  gc: false,
  seed: 1,
};
