import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../core/cases/random.js';
import {
  bootstrapInterval,
  mean,
  median,
  medianAbsoluteDeviation,
  medianRatio,
  outlierIndexes,
  quantile,
  standardDeviation,
} from './stats.js';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('quantiles interpolate between order statistics (R-7)', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([4, 1, 3, 2], 0.75), 3.25);
  assert.equal(quantile([10, 20, 30, 40, 50], 0.99), 49.6);
  assert.equal(quantile([7], 0.3), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
  assert.equal(median([5, 1, 3]), 3);
});

test('mean, sample SD and MAD of known data', () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  close(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7));
  assert.equal(standardDeviation([3]), 0);
  assert.equal(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]), 1);
});

test('outliers are flagged by scaled MAD; a constant sample has none', () => {
  assert.deepEqual(outlierIndexes([10, 11, 10, 12, 11, 50]), [5]);
  assert.deepEqual(outlierIndexes([5, 5, 5, 5]), []);
  assert.deepEqual(outlierIndexes([1, 2, 3, 4, 5]), []);
});

test('the PRNG is seeded and uniform enough', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 10_000 }, () => a());
  assert.deepEqual(
    xs.slice(0, 5),
    Array.from({ length: 5 }, () => b()),
  );
  close(mean(xs), 0.5, 0.01);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('a bootstrap interval holds the statistic, is reproducible, and narrows with more data', () => {
  const next = seededRandom(7);
  const small = Array.from({ length: 20 }, () => 100 + next() * 10);
  const large = Array.from({ length: 400 }, () => 100 + next() * 10);
  const [lo, hi] = bootstrapInterval(small, median);
  assert.ok(lo <= median(small) && median(small) <= hi);
  assert.deepEqual(bootstrapInterval(small, median), [lo, hi]);
  const [lo2, hi2] = bootstrapInterval(large, median);
  assert.ok(hi2 - lo2 < hi - lo, `${hi2 - lo2} < ${hi - lo}`);
  // A constant sample has a zero-width interval.
  assert.deepEqual(bootstrapInterval([3, 3, 3], median), [3, 3]);
});

test('the median ratio of two runs has an interval around it', () => {
  const next = seededRandom(3);
  const old = Array.from({ length: 60 }, () => 100 + next() * 4);
  const slower = old.map((v) => v * 1.2);
  const r = medianRatio(slower, old);
  close(r.ratio, 1.2, 1e-12);
  assert.ok(r.low < 1.2 && r.high > 1.2 && r.low > 1.1 && r.high < 1.3, JSON.stringify(r));
});
