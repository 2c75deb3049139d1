import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantRate } from './schedule.js';

test('plans rate × duration requests, exactly', () => {
  assert.equal(constantRate(200, 30_000).total, 6000);
  assert.equal(constantRate(200, 1_800_000).total, 360_000);
  assert.equal(constantRate(3, 1000).total, 3);
  assert.equal(constantRate(0.5, 10_000).total, 5);
  assert.equal(constantRate(7, 999).total, 6);
});

test('due times are evenly spaced from the start', () => {
  const s = constantRate(200, 1000);
  assert.equal(s.dueAtMs(0), 0);
  assert.equal(s.dueAtMs(1), 5);
  assert.equal(s.dueAtMs(199), 995);
  const gaps = new Set<number>();
  for (let i = 1; i < s.total; i++) gaps.add(Number((s.dueAtMs(i) - s.dueAtMs(i - 1)).toFixed(9)));
  assert.deepEqual([...gaps], [5]);
});

test('dueBy counts the requests due at an elapsed time, capped at the total', () => {
  const s = constantRate(200, 1000);
  assert.equal(s.dueBy(-1), 0);
  assert.equal(s.dueBy(0), 1);
  assert.equal(s.dueBy(4.999), 1);
  assert.equal(s.dueBy(5), 2);
  assert.equal(s.dueBy(12.5), 3);
  assert.equal(s.dueBy(10_000), 200);
});

test('dueBy agrees with dueAtMs at every due time for awkward rates', () => {
  for (const rate of [3, 7, 13.7, 333, 5000]) {
    const s = constantRate(rate, 2000);
    for (let i = 0; i < s.total; i++) assert.equal(s.dueBy(s.dueAtMs(i)), i + 1, `rate ${rate} i ${i}`);
  }
});

test('rejects a rate or duration that is not positive', () => {
  assert.throws(() => constantRate(0, 1000), RangeError);
  assert.throws(() => constantRate(-5, 1000), RangeError);
  assert.throws(() => constantRate(10, 0), RangeError);
  assert.throws(() => constantRate(Number.NaN, 1000), RangeError);
});
