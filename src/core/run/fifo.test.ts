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
