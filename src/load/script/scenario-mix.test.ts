import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioMix } from './scenario-mix.js';

test('over any stretch of arrivals, each scenario gets its share to within one', () => {
  for (const weights of [
    [5, 3, 2],
    [1, 1, 1],
    [0.7, 0.2, 0.1],
    [1, 0, 3],
    [97, 2, 1],
  ]) {
    const mix = scenarioMix(weights);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const [from, length] of [
      [0, 1000],
      [17, 333],
      [12_345, 50],
    ] as const) {
      const counts = weights.map(() => 0);
      for (let i = from; i < from + length; i++) counts[mix(i)] = (counts[mix(i)] ?? 0) + 1;
      for (const [k, w] of weights.entries())
        assert.ok(
          Math.abs((counts[k] ?? 0) - (length * w) / total) <= 1.0001,
          `weights ${weights}: scenario ${k} got ${counts[k]} of ${length}`,
        );
    }
  }
});

test('the mix is a pure function of the index: the same from any starting point', () => {
  const a = scenarioMix([3, 1]);
  const b = scenarioMix([3, 1]);
  assert.deepEqual(
    Array.from({ length: 8 }, (_, i) => a(i)),
    [0, 0, 1, 0, 0, 0, 1, 0],
  );
  for (const i of [5, 1_000_003, 7]) assert.equal(a(i), b(i));
});

test('weights that cannot share arrivals are refused', () => {
  assert.throws(() => scenarioMix([0, 0]), /sum to 0/);
  assert.throws(() => scenarioMix([1, -1]), /numbers >= 0/);
  assert.throws(() => scenarioMix([]), /numbers >= 0/);
  assert.equal(scenarioMix([4])(99), 0);
});
