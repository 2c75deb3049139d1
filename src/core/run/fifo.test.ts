import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fifo } from './fifo.js';

test('keeps order across wrap-around and refuses past capacity', () => {
  const q = new Fifo<number>(3);
  assert.equal(q.push(1), true);
  assert.equal(q.push(2), true);
  assert.equal(q.push(3), true);
  assert.equal(q.push(4), false);
  assert.equal(q.shift(), 1);
  assert.equal(q.push(5), true);
  assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift()], [2, 3, 5, undefined]);
  assert.equal(q.length, 0);
});

test('a zero-capacity queue holds nothing', () => {
  const q = new Fifo<string>(0);
  assert.equal(q.push('a'), false);
  assert.equal(q.shift(), undefined);
});

test('a large queue grows as it fills, keeping order across wrap-arounds while it grows, and stops at its capacity', () => {
  const q = new Fifo<number>(1000);
  const model: number[] = [];
  let next = 0;
  // Push three, take one, over and over: the ring wraps and grows many times.
  for (let round = 0; round < 600; round++) {
    for (let k = 0; k < 3; k++) {
      const ok = q.push(next);
      if (model.length < 1000) {
        assert.equal(ok, true);
        model.push(next);
      } else assert.equal(ok, false);
      next++;
    }
    assert.equal(q.shift(), model.shift());
  }
  assert.equal(q.length, model.length);
  while (model.length > 0) assert.equal(q.shift(), model.shift());
  assert.equal(q.shift(), undefined);
  // Ten million places cost nothing until arrivals wait.
  const big = new Fifo<number>(10_000_000);
  assert.equal(big.push(1), true);
  assert.equal(big.shift(), 1);
});
