import { performance } from 'node:perf_hooks';
import type { Benchmark, PreparedBenchmark } from './suite.js';

/**
 * Runs a benchmark `n` times and returns how long the calls took, in ms (sync, or a promise
 * for an async benchmark).
 *
 * @example
 * ```ts
 * const ms = sampler(500) as number
 * ```
 */
export type Sampler = (n: number) => number | Promise<number>;

/** Where results go so the JIT must compute them; read after each sample. */
export const sinkBox: { value: unknown } = { value: undefined };

// Each sampler is compiled from source of its own, so its loop calls one function only: the call
// stays monomorphic and the JIT can inline it, as mitata does. A shared loop calling every
// benchmark would be megamorphic and add several ns per call.
// The first call seeds the sink variable, so its type is the result's from the start: a
// number result then stays unboxed in the loop (a variable that starts undefined made V8 box
// every double: 2.5 ns per call of a / b, against 1.5 ns unboxed, the division itself).
const SYNC = `return function sample(n) {
  const t0 = now();
  let s = fn(c);
  for (let i = 1; i < n; i++) s = fn(c);
  const t1 = now();
  sink.value = s;
  return t1 - t0;
}`;
const ASYNC = `return async function sample(n) {
  let s;
  const t0 = now();
  for (let i = 0; i < n; i++) s = await fn(c);
  const t1 = now();
  sink.value = s;
  return t1 - t0;
}`;
const PREPARED = `return function sample(n) {
  let s;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const input = prepare(c);
    const t0 = now();
    s = run(input, c);
    total += now() - t0;
  }
  sink.value = s;
  return total;
}`;

const now = (): number => performance.now();

/**
 * Whether a benchmark is the prepared form.
 *
 * @example
 * ```ts
 * isPrepared({ prepare, run }) // true
 * ```
 */
export function isPrepared<C>(b: Benchmark<C>): b is PreparedBenchmark<C, unknown> {
  return typeof b === 'object' && b !== null && typeof (b as PreparedBenchmark<C, unknown>).run === 'function';
}

/**
 * A fresh sampler for one (benchmark, case) pair. `async` says whether the benchmark returned
 * a promise when it was first called.
 *
 * @example
 * ```ts
 * const sample = makeSampler((c) => c.n * 2, { n: 4 }, false)
 * ```
 */
export function makeSampler<C>(b: Benchmark<C>, c: C, async: boolean): Sampler {
  // A unique comment makes a unique source: V8 caches compiled code by source text, and samplers
  // sharing it would share optimised code specialised for the first benchmark's function; the
  // others would then call through a generic path (measured: 0.6 ns per call became 5.6 ns).
  const unique = `\n// lptf sampler ${++samplers}`;
  if (isPrepared(b))
    return new Function('prepare', 'run', 'c', 'now', 'sink', PREPARED + unique)(
      b.prepare.bind(b),
      b.run.bind(b),
      c,
      now,
      sinkBox,
    ) as Sampler;
  return new Function('fn', 'c', 'now', 'sink', (async ? ASYNC : SYNC) + unique)(b, c, now, sinkBox) as Sampler;
}

let samplers = 0;

/**
 * Calls a benchmark once, untimed (for validation), and returns its result.
 *
 * @example
 * ```ts
 * const result = await callOnce(fn, c)
 * ```
 */
export async function callOnce<C>(b: Benchmark<C>, c: C): Promise<unknown> {
  return isPrepared(b) ? b.run(b.prepare(c), c) : (b as (c: C) => unknown)(c);
}
