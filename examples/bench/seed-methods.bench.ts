// The seed paper's reverse test, ported: FastMethod / MediumMethod / SlowMethod over Min /
// Median / Max cases, with a validity check, fast as the baseline.
// Run: lptf bench examples/bench/seed-methods.bench.ts
import { suite } from '../../src/bench/index.js';
import { factors, fastMethod, mediumMethod, slowMethod } from '../straight-test/seed-methods.js';

/** What each method must return: its sum on 32-bit integers, as computed by a plain loop. */
function expected(method: 'fast' | 'medium' | 'slow', n: number): number {
  const inner = method === 'fast' ? 0 : method === 'medium' ? factors.medium : factors.max;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (inner === 0) j = (j + i) | 0;
    else for (let k = 0; k < inner; k++) j = (j + k) | 0;
  }
  return j;
}

export default suite('seed methods', {
  cases: { Min: { n: 1_000 }, Median: { n: 10_000 }, Max: { n: 100_000 } },
  validate: (result, c, benchmark) => result === expected(benchmark as 'fast' | 'medium' | 'slow', c.n),
  benchmarks: {
    fast: (c) => fastMethod(c.n),
    medium: (c) => mediumMethod(c.n),
    slow: (c) => slowMethod(c.n),
  },
  baseline: 'medium',
});
