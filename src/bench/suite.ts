/** The mark of a suite, shared by every copy of lptf a bench file and the runner may load. */
export const SUITE = Symbol.for('lptf.bench.suite');

/**
 * A benchmark whose input is consumed: `prepare` builds a fresh input before each call, outside
 * the timed region, and `run` is timed alone (call by call, so keep it above a microsecond).
 *
 * @example
 * ```ts
 * const sort: PreparedBenchmark<{ n: number }, number[]> = { prepare: (c) => shuffled(c.n), run: (a) => a.sort() }
 * ```
 */
export interface PreparedBenchmark<C, I> {
  prepare(c: C): I;
  run(input: I, c: C): unknown;
}

/**
 * A benchmark: a function of the case (sync or async), or a prepared one.
 *
 * @example
 * ```ts
 * const b: Benchmark<{ n: number }> = (c) => sum(c.n)
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: a prepared benchmark's state is whatever its setup returns
export type Benchmark<C> = ((c: C) => unknown) | PreparedBenchmark<C, any>;

/**
 * What a suite runs: benchmarks over cases (the paper's Max/Median/Min), with untimed setup and
 * teardown per case and a validity check of the results.
 *
 * @example
 * ```ts
 * const spec: SuiteSpec<{ n: number }> = { cases: { Min: { n: 10 } }, benchmarks: { loop: (c) => loop(c.n) } }
 * ```
 */
export interface SuiteSpec<C> {
  /** Named cases; each benchmark runs on each. Default: one case, `default`, of `undefined`. */
  readonly cases?: Readonly<Record<string, C>>;
  /** Before a case's first sample, untimed; may return the case to use instead. */
  setup?(c: C): unknown;
  /** After a case's last sample, untimed. */
  teardown?(c: C): unknown;
  /** Checks a benchmark's result on the first and last sample; throw or return false if wrong. */
  validate?(result: unknown, c: C, benchmark: string): unknown;
  readonly benchmarks: Readonly<Record<string, Benchmark<C>>>;
  /** The benchmark the others are compared with (ratios with a confidence interval). */
  readonly baseline?: string;
  /**
   * Calls per sample, fixed (the paper's iteration count), instead of a batch sized to last the
   * sample time. Reported as `samples × iterations`; `lptf bench --iterations` overrides it.
   */
  readonly iterations?: number;
}

/**
 * A defined suite, as a bench file exports it.
 *
 * @example
 * ```ts
 * export default suite('loops', { benchmarks: { … } }) satisfies Suite<unknown>
 * ```
 */
export interface Suite<C> {
  readonly [SUITE]: true;
  readonly name: string;
  readonly spec: SuiteSpec<C>;
}

/**
 * Defines a suite.
 *
 * @example
 * ```ts
 * export default suite('loops', {
 *   cases: { Min: { n: 1_000 }, Median: { n: 100_000 }, Max: { n: 10_000_000 } },
 *   validate: (result, c) => result === expected(c.n),
 *   benchmarks: { fast: (c) => fastMethod(c.n), medium: (c) => mediumMethod(c.n) },
 *   baseline: 'fast',
 * })
 * ```
 */
export function suite<C>(name: string, spec: SuiteSpec<C>): Suite<C> {
  return Object.freeze({ [SUITE]: true as const, name, spec });
}

/**
 * The one-line form: a suite of one benchmark and one case.
 *
 * @example
 * ```ts
 * export default bench('JSON.parse', () => JSON.parse(text))
 * ```
 */
export function bench(name: string, fn: () => unknown): Suite<undefined> {
  return suite<undefined>(name, { benchmarks: { [name]: fn } });
}

/**
 * Whether a value is a suite (from any copy of lptf).
 *
 * @example
 * ```ts
 * Object.values(await import(file)).filter(isSuite)
 * ```
 */
export function isSuite(value: unknown): value is Suite<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SUITE] === true;
}
