import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../cases/index.js';
import { mergeRecorderStates } from './merge-states.js';
import { Recorder } from './recorder.js';

/** Rounds every float to 12 significant digits: sums added in another order differ in the last bits. */
const settle = (v: unknown): unknown =>
  JSON.parse(
    JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x,
    ),
  );

/** Records a seeded stream of events into `into(i)`, the recorder chosen for event i. */
function record(into: (i: number) => Recorder, count: number): void {
  const random = seededRandom(7);
  for (let i = 0; i < count; i++) {
    const rec = into(i);
    const group = random() < 0.3 ? 'abnormal' : 'normal';
    // In time order, as on a monotonic clock: each event lands in the same second either way.
    const elapsed = i * 2.5;
    rec.onDue(group, random() * 2);
    rec.onSent(group, elapsed);
    const r = random();
    if (r < 0.9)
      rec.onOk(group, 5 + random() * 300 + (r < 0.01 ? 2000 : 0), 4 + random() * 100, 200, elapsed + 1, {
        code: String(Math.floor(random() * 3)),
      });
    else if (r < 0.97) rec.onFailed(group, 'http_503', elapsed + 1, 503, { example: `#${i}` });
    else rec.onDropped(group, elapsed);
    if (r < 0.5) rec.onServerTiming(`db;dur=${(random() * 50).toFixed(1)}, app;dur=${(random() * 20).toFixed(1)}`, 100);
  }
}

function everything(rec: Recorder): unknown {
  rec.series.flush(10_000_000);
  return {
    counts: rec.overall.counts(),
    latency: rec.overall.latencySummary(),
    service: rec.overall.serviceSummary(),
    shares: [rec.overall.share('<=', 170), rec.overall.share('>', 870)],
    spectrum: rec.overall.latencySpectrum(),
    errors: Object.fromEntries(rec.overall.errors),
    statuses: Object.fromEntries(rec.overall.statuses),
    codes: Object.fromEntries(rec.overall.codes),
    groups: [...rec.groups].map(([k, g]) => [k, g.counts(), g.latencySummary(), g.share('<=', 170)]),
    seconds: rec.series.closed(),
    lateness: rec.latenessSummary(),
    phases: rec.phases.summary(),
  };
}

test('recording split across three recorders and merged gives exactly what one recorder gives', () => {
  const one = new Recorder([170, 870], 170);
  record(() => one, 5000);
  const parts = [new Recorder([170, 870], 170), new Recorder([170, 870], 170), new Recorder([170, 870], 170)];
  record((i) => parts[i % 3] as Recorder, 5000);
  for (const p of parts) p.series.flush(10_000_000);
  const merged = mergeRecorderStates(parts.map((p) => JSON.parse(JSON.stringify(p.state()))));
  const expected = everything(one);
  assert.deepEqual(settle(everything(merged)), settle(expected));
  assert.ok((expected as { seconds: unknown[] }).seconds.length >= 12);
});

test('states with different bounds refuse to merge: an exact share cannot be made up', () => {
  const a = new Recorder([170]);
  a.onDue('g', 0);
  a.onSent('g', 0);
  a.onOk('g', 10, 9, 200, 10);
  assert.throws(() => mergeRecorderStates([new Recorder([200]).state(), a.state()]), /170 ms bound/);
});

test("a flow's later steps merge as follow-ups: the arrivals sent, and each second's arrival rate, add up apart from them", () => {
  const parts = [new Recorder([]), new Recorder([])];
  for (const [k, rec] of parts.entries())
    for (let i = 0; i < 100; i++) {
      const at = i * 20; // 50 arrivals a second, each with 1 + k follow-ups
      rec.onDue('shop.login', 0);
      rec.onSent('shop.login', at);
      for (let f = 0; f <= k; f++) rec.onFollowUp('shop.search', at + 5);
    }
  for (const rec of parts) rec.series.flush(2000);
  const merged = mergeRecorderStates(parts.map((r) => r.state()));
  assert.equal(merged.overall.counts().sent, 100 * 2 + 100 * 3);
  assert.equal(merged.followUps, 300);
  assert.equal(merged.arrivalsSent(), 200);
  assert.equal(merged.group('shop.search').counts().scheduled, 300);
  assert.equal(merged.series.recentRate(), 250, 'requests a second');
  assert.equal(merged.series.recentArrivalRate(), 100, 'arrivals a second');
});
