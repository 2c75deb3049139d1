import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecondSeries } from './second-series.js';

test('each second counts only its own events, even with reused histograms', () => {
  const series = new SecondSeries();
  for (let s = 0; s < 12; s++) {
    // Second s+1: s+1 answers of (s+1)*10 ms each, one failure every other second.
    for (let i = 0; i <= s; i++) {
      const open = series.at(s * 1000 + i);
      open.sent++;
      open.recordOk((s + 1) * 10);
    }
    if (s % 2 === 0) series.at(s * 1000 + 500).recordFailed(s % 4 === 0 ? 'timeout' : 'refused');
  }
  series.flush(12_000);
  const closed = series.closed();
  assert.equal(closed.length, 12);
  closed.forEach((sec, i) => {
    assert.equal(sec.second, i + 1);
    assert.equal(sec.ok, i + 1, `second ${i + 1}`);
    assert.equal(sec.failed, i % 2 === 0 ? 1 : 0);
    assert.deepEqual(sec.errors, i % 2 === 0 ? { [i % 4 === 0 ? 'timeout' : 'refused']: 1 } : {});
    assert.ok(Math.abs(sec.p50! - (i + 1) * 10) < 0.1, `second ${i + 1} p50 ${sec.p50}`);
    assert.equal(sec.max, (i + 1) * 10);
  });
});

test('quiet seconds appear with zero counts; recent figures cover the last seconds', () => {
  const series = new SecondSeries();
  series.at(100).recordOk(5);
  series.at(100).sent++;
  series.at(3500).recordOk(50);
  series.at(3500).sent += 3;
  assert.deepEqual(
    series.closed().map((s) => [s.second, s.ok, s.p50]),
    [
      [1, 1, 5],
      [2, 0, null],
      [3, 0, null],
    ],
  );
  assert.equal(series.recentPercentile(100), 50.015);
  assert.equal(series.recentRate(), 1 / 3);
});

test("a recorder counts each group's sends, answers and failures per second, and merged seconds add them up", async () => {
  const { Recorder } = await import('./recorder.js');
  const parts = [0, 1].map((worker) => {
    const rec = new Recorder([]);
    for (let i = 0; i < 10; i++) {
      const group = i % 3 === 0 ? 'buy' : 'browse';
      rec.onSent(group, i * 150 + worker);
      if (i % 4 === 3) rec.onFailed(group, 'timeout', i * 150 + 20);
      else rec.onOk(group, 5, 4, 200, i * 150 + 20);
    }
    rec.series.flush(1600);
    return rec;
  });
  assert.deepEqual(
    parts[0]?.series.closed().map((s) => s.groups),
    [
      { buy: { sent: 3, ok: 2, failed: 1 }, browse: { sent: 4, ok: 4, failed: 0 } },
      { browse: { sent: 2, ok: 1, failed: 1 }, buy: { sent: 1, ok: 1, failed: 0 } },
    ],
  );
  const merged = new SecondSeries();
  const states = parts.map((p) => p.state().seconds);
  for (let k = 0; k < 2; k++) merged.appendMerged(states.map((s) => s[k] as (typeof s)[number]));
  assert.deepEqual(
    merged.closed().map((s) => s.groups),
    [
      { buy: { sent: 6, ok: 4, failed: 2 }, browse: { sent: 8, ok: 8, failed: 0 } },
      { browse: { sent: 4, ok: 2, failed: 2 }, buy: { sent: 2, ok: 2, failed: 0 } },
    ],
  );
});
