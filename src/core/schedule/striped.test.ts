import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantRate } from './schedule.js';
import { stripedSchedule } from './striped.js';

test('the stripes of a schedule hold every request exactly once, at its own due time', () => {
  for (const [rate, ms, count] of [
    [300, 1000, 3],
    [200, 1000, 7],
    [5, 1000, 8],
    [1000, 2500, 4],
  ] as const) {
    const whole = constantRate(rate, ms);
    const stripes = Array.from({ length: count }, (_, k) => stripedSchedule(whole, k, count));
    assert.equal(
      stripes.reduce((n, s) => n + s.total, 0),
      whole.total,
    );
    const due = stripes.flatMap((s) => Array.from({ length: s.total }, (_, i) => s.dueAtMs(i))).sort((a, b) => a - b);
    assert.deepEqual(
      due,
      Array.from({ length: whole.total }, (_, i) => whole.dueAtMs(i)),
    );
    // At any moment, the stripes together have as many due as the whole schedule.
    for (const t of [0, 0.1, 3.4, 17, ms / 2, ms - 0.01, ms, ms * 2]) {
      assert.equal(
        stripes.reduce((n, s) => n + s.dueBy(t), 0),
        whole.dueBy(t),
        `rate ${rate}, ${count} stripes, at ${t} ms`,
      );
    }
  }
});

test('a stripe that does not exist is refused', () => {
  assert.throws(() => stripedSchedule(constantRate(10, 1000), 3, 3), /stripe 3 of 3/);
  assert.throws(() => stripedSchedule(constantRate(10, 1000), 0, 0), /stripe 0 of 0/);
});
