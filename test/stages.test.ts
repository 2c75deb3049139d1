import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stagedRate } from '../src/core/schedule/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { startTarget } from './helpers/target.js';
import { assertTargetFailed } from './helpers/verdict.js';

test('a ramp 0 → 400/s over 5 s then 400/s for 10 s: the server sees each second as planned, and a check of the steady stage ignores a slow ramp', {
  skip: firstNodeOnly,
}, async () => {
  // The target freezes from 2 s to 3 s into the ramp: those answers (4% of the run) wait up to 1 s.
  // A short freeze: a longer one releases its held answers in one burst, which on a 2-core
  // machine stalled both processes for tens of ms (one second then showed 378 of 400).
  const target = await startTarget({ delayMs: 1, stallFromMs: 2_000, stallToMs: 3_000 });
  const out = await mkdtemp(join(tmpdir(), 'lptf-stages-'));
  try {
    const run = await lptf([
      'run',
      target.url,
      '--stage',
      '5s:400',
      '--stage',
      '10s:400:steady',
      '--max-inflight',
      '3000',
      '--check',
      'p95{stage:steady} <= 50ms',
      '--check',
      'p(99.5) <= 50ms',
      '-q',
      '-o',
      out,
    ]);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    // The whole run's tail holds the frozen ramp; the steady stage's p95 does not.
    assertTargetFailed(run, summary);
    const [steady, whole] = summary.checks;
    assert.equal(steady?.name, 'p(95){stage:steady} <= 50ms');
    assert.equal(steady?.pass, true, `steady p95 ${steady?.actual}`);
    assert.equal(whole?.pass, false, `whole p99.5 ${whole?.actual}`);
    assert.ok(
      summary.checks.filter((c) => c !== steady && c !== whole).every((c) => c.pass),
      JSON.stringify(summary.checks),
    );
    assert.equal(summary.stages?.['ramp-up']?.requests.scheduled, 1000);
    assert.equal(summary.stages?.steady?.requests.scheduled, 4000);
    assert.deepEqual(
      summary.target.stages?.map((s) => s.name),
      ['ramp-up', 'steady'],
    );

    const arrivals = await target.arrivals();
    assert.equal(arrivals.length, 5_000);
    const schedule = stagedRate([
      { name: 'ramp-up', durationMs: 5_000, target: 400 },
      { name: 'steady', durationMs: 10_000, target: 400 },
    ]);
    const seen = new Array<number>(15).fill(0);
    for (const t of arrivals)
      seen[Math.min(14, Math.floor(t / 1000))] = (seen[Math.min(14, Math.floor(t / 1000))] ?? 0) + 1;
    for (let s = 0; s < 15; s++) {
      const planned = schedule.dueBy(s * 1000 + 999.999) - schedule.dueBy(s * 1000 - 0.001);
      const got = seen[s] ?? 0;
      // Within 2%; on the ramp's first seconds (40, 120 … a second) a request on a second's edge is more.
      assert.ok(
        Math.abs(got - planned) <= Math.max(0.02 * planned, 2),
        `second ${s}: the server saw ${got}, the plan has ${planned}`,
      );
    }
  } finally {
    await target.close();
  }
});
