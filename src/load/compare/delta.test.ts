import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countDelta, msDelta, ppDelta, unitDelta } from './delta.js';

test('latency deltas give the change in ms and in percent of run A', () => {
  assert.equal(msDelta(20, 25), '+5.00ms (+25%)');
  assert.equal(msDelta(200, 150), '-50.0ms (-25%)');
  assert.equal(msDelta(3, 3), '±0.00ms (±0%)');
  assert.equal(msDelta(0, 1.5), '+1.50ms');
  assert.equal(msDelta(null, 1), 'n/a');
});

test('share deltas are in percentage points; counts are plain', () => {
  assert.equal(ppDelta(0.95, 0.962), '+1.2 pp');
  assert.equal(ppDelta(0.01, 0.0005), '-0.95 pp');
  assert.equal(ppDelta(0.5, 0.5), '±0 pp');
  assert.equal(countDelta(200, 190), '-10');
  assert.equal(countDelta(199.5, 200), '+0.5');
  assert.equal(unitDelta(0.95, 0.97, 'fraction'), '+2 pp');
  assert.equal(unitDelta(10, 12, 'ms'), '+2.00ms (+20%)');
  assert.equal(unitDelta(190, 200, 'req/s'), '+10');
});
