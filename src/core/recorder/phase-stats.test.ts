import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OTHER_PHASES, OUTSIDE_PHASES, PhaseStats } from './phase-stats.js';

test('phases, the time outside them and the server total; their means add up to the latency', () => {
  const s = new PhaseStats(100);
  for (let i = 0; i < 8; i++) s.record('db;dur=10, render;dur=5, total;dur=16', 20);
  s.record('db;dur=150, render;dur=5', 160); // slow, db dominates
  s.record('db;dur=10, render;dur=5', 200); // slow, the time outside dominates
  const p = s.summary()!;
  assert.deepEqual(
    p.rows.map((r) => r.name),
    ['db', 'render', OUTSIDE_PHASES],
  );
  assert.equal(p.responses, 10);
  assert.equal(p.slowResponses, 2);
  assert.deepEqual(
    p.rows.map((r) => r.slowDominant),
    [0.5, 0, 0.5],
  );
  assert.deepEqual(
    p.rows.map((r) => r.latencyMs.mean),
    [24, 5, (8 * 5 + 5 + 185) / 10],
  );
  const meanLatency = p.latencyMs.mean!;
  const sum = p.rows.reduce((n, r) => n + r.meanShare! * meanLatency, 0);
  assert.ok(Math.abs(sum - meanLatency) < 1e-9, `${sum} vs ${meanLatency}`);
  assert.equal(p.serverTotal?.latencyMs.count, 8);
});

test('malformed headers are counted and their valid metrics kept; no header, no summary', () => {
  const s = new PhaseStats(null);
  assert.equal(s.summary(), null);
  s.record('db;dur=abc, cache;dur=2', 10);
  s.record('<script>alert(1)</script>', 10);
  const p = s.summary()!;
  assert.equal(p.malformed, 2);
  assert.equal(p.responses, 1);
  assert.deepEqual(
    p.rows.map((r) => [r.name, r.latencyMs.count]),
    [
      ['cache', 1],
      [OUTSIDE_PHASES, 1],
    ],
  );
  assert.equal(p.rows[0]!.slowDominant, null, 'no bound, nothing is slow');
});

test('more distinct names than the bound are pooled, so a target cannot grow memory', () => {
  const s = new PhaseStats(null, 3);
  s.record(Array.from({ length: 10 }, (_, i) => `p${i};dur=1`).join(', '), 20);
  s.record('p9;dur=1, fresh;dur=1', 20);
  const p = s.summary()!;
  assert.deepEqual(
    p.rows.map((r) => r.name),
    ['p0', 'p1', 'p2', OTHER_PHASES, OUTSIDE_PHASES],
  );
  assert.equal(p.pooled, 9);
  assert.equal(p.rows[3]!.latencyMs.count, 2);
  assert.equal(p.rows[3]!.latencyMs.max, 7, 'seven pooled metrics summed in the first answer');
});

test('a metric longer than the whole answer is not believed: the answer is left out and said, so no share passes 100%', () => {
  const s = new PhaseStats(null);
  for (let i = 0; i < 9; i++) s.record('db;dur=5, render;dur=3', 12);
  s.record('db;dur=5000', 12); // a hostile or broken server
  s.record('total;dur=900, db;dur=5', 12);
  s.record('db;dur=12.8', 12); // within a server's rounding and clock
  const p = s.summary()!;
  assert.equal(p.implausible, 2);
  assert.deepEqual(p.implausibleExample, { name: 'db', durMs: 5000, latencyMs: 12 });
  assert.equal(p.responses, 10);
  for (const r of p.rows) assert.ok(r.meanShare! <= 1, `${r.name}: ${r.meanShare}`);
  assert.equal(p.serverTotal, null, 'the implausible total is not counted either');
  assert.equal(p.overlapping, 0);
});

test('phases that ran side by side add up past the latency: counted, so the report can say why the shares pass 100%', () => {
  const s = new PhaseStats(null);
  s.record('db;dur=10, cache;dur=10', 12);
  s.record('db;dur=5, cache;dur=3', 12);
  const p = s.summary()!;
  assert.equal(p.overlapping, 1);
  assert.equal(p.implausible, 0);
  const other = new PhaseStats(null);
  other.absorb(s.state());
  other.absorb(s.state());
  assert.equal(other.summary()!.overlapping, 2, 'merged as counts');
});
