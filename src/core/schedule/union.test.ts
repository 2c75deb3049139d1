import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantRate, type Schedule } from './schedule.js';
import { stagedRate } from './staged.js';
import { stripedSchedule } from './striped.js';
import { unionSchedule } from './union.js';

/** Every request of the parts, merged by due time (ties: the earlier part), by brute force. */
function merged(parts: readonly Schedule[]): { part: number; ms: number }[] {
  return parts
    .flatMap((p, part) => Array.from({ length: p.total }, (_, i) => ({ part, ms: p.dueAtMs(i) })))
    .sort((a, b) => a.ms - b.ms || a.part - b.part);
}

const cases: readonly (readonly Schedule[])[] = [
  [constantRate(100, 2_000), constantRate(100, 2_000)], // every due time a tie
  [constantRate(300, 1_000), constantRate(7, 3_000), constantRate(55.5, 2_000)],
  [
    stagedRate([
      { name: 'ramp', durationMs: 1_000, target: 400 },
      { name: 'steady', durationMs: 2_000, target: 400 },
    ]),
    stagedRate([
      { name: 'idle', durationMs: 1_500, target: 0 },
      { name: 'burst', durationMs: 500, target: 900 },
      { name: 'down', durationMs: 500, target: 0 },
    ]),
    constantRate(50, 3_000),
  ],
];

test('a union holds every request of its parts once, in due-time order, whatever order it is asked in', () => {
  for (const parts of cases) {
    const whole = merged(parts);
    const u = unionSchedule(parts);
    assert.equal(u.total, whole.length);
    assert.equal(u.durationMs, Math.max(...parts.map((p) => p.durationMs)));
    // Ascending (as a run asks), then at random places (as a far stripe or a report asks).
    const order = [...whole.keys(), ...whole.keys()].map((i, k) => (k < whole.length ? i : (i * 7919) % whole.length));
    for (const i of order) {
      assert.equal(u.dueAtMs(i), whole[i]?.ms, `request ${i}`);
      assert.equal(u.partOf?.(i), whole[i]?.part, `part of request ${i}`);
    }
    // dueBy agrees with the due times, and the parts' shares add up.
    for (const t of [0, 0.5, 10, 333.3, 1_000, 1_499.9, 1_750, 2_999, 5_000]) {
      assert.equal(u.dueBy(t), whole.filter((w) => w.ms <= t).length, `due by ${t} ms`);
      assert.ok(Math.abs((u.arrivalsBy?.(t) ?? 0) - u.dueBy(t)) <= parts.length, `arrivals by ${t} ms`);
    }
  }
});

test("each request keeps its part's own index and stage; the rate is the parts' sum", () => {
  const parts = cases[2] as readonly Schedule[];
  const u = unionSchedule(parts);
  const seen = parts.map(() => 0);
  for (let i = 0; i < u.total; i++) {
    const part = u.partOf?.(i) as number;
    const local = seen[part] as number;
    seen[part] = local + 1;
    assert.equal(u.dueAtMs(i), parts[part]?.dueAtMs(local));
    assert.equal(u.stageOf?.(i), parts[part]?.stageOf?.(local));
  }
  assert.deepEqual(
    seen,
    parts.map((p) => p.total),
  );
  assert.equal(u.rateAt?.(1_800), 400 + 900 * (300 / 500) + 50);
  assert.equal(u.rateAt?.(3_000), 0);
});

test('stripes of a union split it exactly, each request with its part', () => {
  const parts = cases[1] as readonly Schedule[];
  const whole = merged(parts);
  const u = unionSchedule(parts);
  const got = Array.from({ length: 3 }, (_, k) => stripedSchedule(u, k, 3)).flatMap((s) =>
    Array.from({ length: s.total }, (_, i) => ({ part: s.partOf?.(i) as number, ms: s.dueAtMs(i) })),
  );
  assert.deepEqual(
    got.sort((a, b) => a.ms - b.ms || a.part - b.part),
    whole,
  );
});
