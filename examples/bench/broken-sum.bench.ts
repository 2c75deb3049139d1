// Two implementations of 1 + 2 + … + n; one is subtly wrong. validate catches it, the report
// marks it INVALID and lptf bench exits 1, however fast it is.
// Run: lptf bench examples/bench/broken-sum.bench.ts
import { suite } from '../../src/bench/index.js';

export const loopSum = (n: number): number => {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return s;
};

/** Gauss's formula, with an off-by-one: (n * (n - 1)) / 2 is the sum up to n − 1. */
export const brokenFormula = (n: number): number => (n * (n - 1)) / 2;

export default suite('sum 1..n', {
  cases: { Min: { n: 10 }, Median: { n: 1_000 }, Max: { n: 100_000 } },
  validate: (result, c) => result === (c.n * (c.n + 1)) / 2,
  benchmarks: { loop: (c) => loopSum(c.n), formula: (c) => brokenFormula(c.n) },
  baseline: 'loop',
});
