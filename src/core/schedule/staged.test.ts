import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantRate } from './schedule.js';
import { stagedRate } from './staged.js';
import { stripedSchedule } from './striped.js';

const s = (durationMs: number, target: number, name = `t${target}`) => ({ name, durationMs, target });

test('a ramp plans the integral of its rate: 0 → 400/s over 10 s, then 400/s for 20 s', () => {
  const sch = stagedRate([s(10_000, 400, 'ramp-up'), s(20_000, 400, 'steady')]);
  assert.equal(sch.total, 10_000);
  assert.equal(sch.durationMs, 30_000);
  assert.equal(sch.rate, 10_000 / 30);
  // Each second of the ramp plans its mean rate: 20, 60, 100, … 380; the steady seconds 400.
  for (let sec = 0; sec < 30; sec++) {
    const planned = sch.dueBy(sec * 1000 + 999.999) - sch.dueBy(sec * 1000 - 1e-6);
    const expected = sec < 10 ? 40 * sec + 20 : 400;
    assert.ok(Math.abs(planned - expected) <= 1, `second ${sec}: ${planned} planned, ${expected} expected`);
  }
  assert.equal(sch.stageOf?.(1999), 'ramp-up');
  assert.equal(sch.stageOf?.(2000), 'steady');
  assert.equal(sch.rateAt?.(5000), 200);
  assert.equal(sch.rateAt?.(30_000), 0);
});

test('dueBy agrees with dueAtMs at every due time, and due times rise', () => {
  const shapes = [
    [s(10_000, 400), s(20_000, 400), s(10_000, 0)],
    [s(3_000, 7.3), s(1_000, 0), s(2_000, 0), s(5_000, 333)],
    [s(2_000, 5_000), s(500, 1), s(1_500, 2_000)],
  ];
  for (const [k, stages] of shapes.entries()) {
    const sch = stagedRate(stages, k === 1 ? 3 : 0);
    let last = -1;
    for (let i = 0; i < sch.total; i++) {
      const at = sch.dueAtMs(i);
      assert.ok(at >= last, `shape ${k}: request ${i} due at ${at}, before ${last}`);
      assert.equal(sch.dueBy(at), i + 1, `shape ${k}: request ${i} at ${at}`);
      last = at;
    }
    assert.ok(last <= sch.durationMs);
  }
});

test('a constant stage spaces requests exactly as the constant-rate schedule does', () => {
  const staged = stagedRate([s(2_000, 250)], 250);
  const flat = constantRate(250, 2_000);
  assert.equal(staged.total, flat.total);
  for (let i = 0; i < flat.total; i++) assert.ok(Math.abs(staged.dueAtMs(i) - flat.dueAtMs(i)) < 1e-6);
});

test('a pause at rate 0 plans nothing, and the next stage starts after it', () => {
  const sch = stagedRate([s(1_000, 0, 'quiet'), s(1_000, 100, 'up')], 0);
  assert.equal(sch.total, 50);
  assert.equal(sch.dueAtMs(0), 1_000);
  assert.equal(sch.stageOf?.(0), 'up');
  assert.equal(sch.dueBy(999), 0);
  assert.equal(sch.dueBy(1_000), 1);
  const mid = stagedRate([s(1_000, 100, 'up'), s(1_000, 0, 'down'), s(1_000, 0, 'quiet'), s(1_000, 100, 'again')]);
  assert.equal(mid.total, 150);
  // The 100th request comes after the pause, not at its start.
  assert.equal(mid.dueAtMs(100), 3_000);
  assert.equal(mid.dueBy(2_500), 100);
});

test('stripes of a staged schedule hold every request once, each in its stage', () => {
  const whole = stagedRate([s(1_000, 900, 'up'), s(1_000, 900, 'flat')]);
  const stripes = [0, 1, 2].map((k) => stripedSchedule(whole, k, 3));
  assert.equal(
    stripes.reduce((n, x) => n + x.total, 0),
    whole.total,
  );
  for (const [k, x] of stripes.entries())
    for (let i = 0; i < x.total; i++) assert.equal(x.stageOf?.(i), whole.stageOf?.(k + 3 * i));
  for (const t of [0, 10, 333, 999.5, 1500, 2000])
    assert.equal(
      stripes.reduce((n, x) => n + x.dueBy(t), 0),
      whole.dueBy(t),
    );
  assert.equal(stripes[0]?.rateAt?.(500), 150);
});

test('refuses stages that plan nothing or cannot be', () => {
  assert.throws(() => stagedRate([]), /at least one stage/);
  assert.throws(() => stagedRate([s(0, 10)]), /duration must be a positive/);
  assert.throws(() => stagedRate([s(-5, 10)]), /duration must be a positive/);
  assert.throws(() => stagedRate([s(1000, -1)]), /target must be a rate/);
  assert.throws(() => stagedRate([s(1000, 0)]), /plan no request/);
});
