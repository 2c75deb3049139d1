import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from './duration.js';
import { formatPercent } from './format.js';

test('parses run lengths and latencies', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('30m'), 1_800_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('500us'), 0.5);
  assert.equal(parseDuration('45'), 45_000);
  assert.equal(parseDuration('170', 'ms'), 170);
});

test('rejects what is not a duration', () => {
  for (const bad of ['', 'abc', '30x', 's', '-5s', '5 s', '1m30', '30s!'])
    assert.equal(parseDuration(bad), undefined, bad);
});

test('formats durations and percentages for reports', () => {
  assert.equal(formatDuration(30_000), '30s');
  assert.equal(formatDuration(90_000), '1m 30s');
  assert.equal(formatDuration(3_723_000), '1h 2m 3s');
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatPercent(0.982), '98.2%');
  assert.equal(formatPercent(0.0072), '0.72%');
  assert.equal(formatPercent(1), '100%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(0.99891), '99.89%');
  assert.equal(formatPercent(Number.NaN), 'n/a');
});
