import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newLatencyHistogram, recordMs } from './histogram.js';
import { percentileSpectrum } from './spectrum.js';

test('the spectrum of 1..1000 ms gives each percentile its value and ends at the exact max', () => {
  const h = newLatencyHistogram();
  for (let ms = 1; ms <= 1000; ms++) recordMs(h, ms);
  const points = percentileSpectrum(h, 1, 1000);
  assert.deepEqual(
    points.slice(0, 6).map((x) => x.p),
    [0, 10, 20, 30, 40, 50],
  );
  assert.deepEqual(points[0], { p: 0, ms: 1 });
  for (const { p, ms } of points.slice(1, -1)) {
    // The p-th percentile of 1..1000 is ceil(p*10) ms, within the histogram's 3 significant digits.
    const exact = Math.ceil(p * 10 - 1e-9);
    assert.ok(Math.abs(ms - exact) <= exact * 0.001 + 0.001, `p${p}: ${ms} vs ${exact}`);
  }
  assert.deepEqual(points.at(-1), { p: 100, ms: 1000 });
  // Ticks double their density with each halving of the tail, and stop where less than one answer is left.
  const lastTick = points.at(-2)!.p;
  assert.ok(lastTick >= 99.8 && (100 - lastTick) * 10 >= 1, `last tick p${lastTick}`);
  assert.ok(
    points.every((x, i) => i === 0 || x.p > points[i - 1]!.p),
    'percentiles increase',
  );
});

test('an empty histogram has no spectrum; one answer gives its value at every point', () => {
  assert.deepEqual(percentileSpectrum(newLatencyHistogram(), 0, 0), []);
  const h = newLatencyHistogram();
  recordMs(h, 12.5);
  const points = percentileSpectrum(h, 12.5, 12.5);
  assert.ok(points.every((x) => x.ms === 12.5));
  assert.equal(points.at(-1)!.p, 100);
});
