import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isRunCheck } from '../src/core/checks/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { driftFromPlan } from './helpers/drift.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { tempFile } from './helpers/plan.js';
import { startTarget, type Target } from './helpers/target.js';
import { assertExitIsVerdict, assertTargetFailed } from './helpers/verdict.js';

// Every test here sends traffic only to 127.0.0.1, for a bounded count and time.

const read = async (dir: string): Promise<RunResult> =>
  JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunResult;

describe('one test from several processes: --segment, --start-at and lptf merge', { skip: firstNodeOnly }, () => {
  let target: Target;
  let cases: string;
  const plan = [
    '--rate',
    '140',
    '--duration',
    '2s',
    '--seed',
    '11',
    '--check',
    'share(<=170ms) >= 80%',
    '--check',
    'share(>870ms) <= 1%',
    '--lang',
    'en',
    '-q',
  ];
  before(async () => {
    target = await startTarget({ delayMs: 1 });
    // Delays far from the bounds, so every share is decided by which case a request carries.
    cases = await tempFile('seg.jsonl', [
      ...Array.from({ length: 17 }, (_, i) => `{"d": ${2 + i}}`),
      '{"d": 250}',
      '{"d": 260}',
      '{"status": 503}',
    ]);
  });
  after(() => target.close());

  let whole: RunResult;
  test('the whole plan in one process, for reference', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-whole-'));
    const r = await lptf(['run', target.url, '--cases', cases, ...plan, '-o', out]);
    // A failed answer counts as slower than every bound: the 503 case's 5% fail share(>870ms) <= 1%.
    whole = await read(out);
    assertTargetFailed(r, whole);
  });

  for (const n of [1, 2, 3, 7]) {
    test(`${n} segment(s) started together send the planned arrivals, evenly, and merge to the whole's figures`, async () => {
      const before = (await target.arrivals()).length; // the target keeps every arrival since it started
      // Every process must be up before the start: seven Node processes starting, connecting and
      // rehearsing their send path (~85 ms each) on two cores missed a 2.5 s lead once in CI, and
      // their first sends were late for the merge's reasons, not its own.
      const startAt = String(Date.now() + 1500 + 500 * n);
      const dirs = await Promise.all(Array.from({ length: n }, () => mkdtemp(join(tmpdir(), 'lptf-seg-'))));
      const runs = await Promise.all(
        dirs.map((dir, i) =>
          lptf([
            'run',
            target.url,
            '--cases',
            cases,
            ...plan,
            '--segment',
            `${i}/${n}`,
            '--start-at',
            startAt,
            '-o',
            dir,
          ]),
        ),
      );
      // Each segment exits with its own verdict: inconclusive only where its generator was late.
      for (const [i, r] of runs.entries()) assertExitIsVerdict(r, await read(dirs[i] as string));
      const arrivals = (await target.arrivals()).slice(before);
      assert.equal(arrivals.length, 280);
      // Together they keep to the one plan, 140/s: no arrival more than 30 ms early or 200 ms
      // late for its place in it. A stall of the machine only makes arrivals late (seen: 40-80 ms
      // with 7 processes on two busy cores); a segment started late or paced alone makes the
      // others early too (one of two started 300 ms late: -144 ms; of seven: -898 ms).
      const { early, late } = driftFromPlan(arrivals, 140);
      assert.ok(early >= -30 && late <= 200, `drift from the plan: ${early.toFixed(1)} to ${late.toFixed(1)} ms`);

      const out = await mkdtemp(join(tmpdir(), 'lptf-merged-'));
      // The segments wrote English; the merge may speak Chinese: only the words change.
      const merged = await lptf(['merge', ...dirs, '-o', out, '--format', 'html', '--lang', 'zh']);
      const m = await read(out);
      assert.equal(merged.code, m.passed ? 0 : 1, merged.stderr);
      assert.equal(m.meta.lang, 'zh');
      assert.match(merged.stdout, /^校验结果\n校验点/m);
      assert.deepEqual(m.requests, whole.requests);
      assert.deepEqual(m.statuses, whole.statuses);
      assert.deepEqual(m.shares, whole.shares);
      // The checks of the target's answers are the whole's, exactly; the run's own (its pacing,
      // its generator) are this run's, and it delivered its plan.
      const form = (r: RunResult) => r.checks.filter((c) => !isRunCheck(c)).map((c) => [c.name, c.actual, c.pass]);
      assert.deepEqual(form(m), form(whole));
      const delivered = m.checks.find((c) => c.name === 'delivered >= 95%');
      assert.ok(delivered?.pass && Math.abs((delivered.actual ?? 0) - 1) < 0.05, JSON.stringify(delivered));
      assert.equal(
        m.series.reduce((s, x) => s + x.sent, 0),
        280,
      );
      // The merge is exact on what the segments measured: counts add, min and max are theirs, the
      // mean is their weighted mean, and each percentile of the whole lies between the segments'.
      const segs = (await Promise.all(dirs.map(read))).map((r) => r.latencyMs);
      assert.equal(
        m.latencyMs.count,
        segs.reduce((n, l) => n + l.count, 0),
      );
      assert.equal(m.latencyMs.min, Math.min(...segs.map((l) => l.min!)));
      assert.equal(m.latencyMs.max, Math.max(...segs.map((l) => l.max!)));
      const mean = segs.reduce((sum, l) => sum + l.mean! * l.count, 0) / m.latencyMs.count;
      assert.ok(Math.abs(m.latencyMs.mean! - mean) < 1e-3, `mean: merged ${m.latencyMs.mean} vs ${mean}`);
      for (const p of ['p50', 'p90', 'p99'] as const) {
        const [lo, hi] = [Math.min(...segs.map((l) => l[p]!)), Math.max(...segs.map((l) => l[p]!))];
        assert.ok(
          m.latencyMs[p]! >= lo * 0.999 && m.latencyMs[p]! <= hi * 1.001,
          `${p}: merged ${m.latencyMs[p]} outside the segments' ${lo}..${hi}`,
        );
      }
      // The segments measured their latencies again, at the same time, on one machine: like one
      // process's within timer noise (4 ms), or 10% in the tail (seven processes starting at
      // once on two cores were seen to add 17 ms to the 260 ms answers' p99). With more
      // processes than cores and one busy loop beside them, the scheduler adds more to the tail:
      // merged p99 290-302 ms against the whole's 262 (+11-15%), seen alike before and after the
      // seams of issue 14 (2 of 3 runs each), so the tail allows 20% there. The merge's exactness
      // is checked above, against the segments' own figures.
      const crowded = n > availableParallelism();
      for (const p of ['p50', 'p90', 'p99'] as const) {
        const [a, b] = [m.latencyMs[p]!, whole.latencyMs[p]!];
        const tail = p === 'p99' && crowded ? 0.2 : 0.1;
        assert.ok(Math.abs(a - b) <= Math.max(4, tail * b), `${p}: merged ${a} vs whole ${b}`);
      }
      assert.match(merged.stdout, /POST http:\/\/127\.0\.0\.1:\d+\/，速率 140\/s，持续 2s（共 280 个请求）/);
    });
  }

  test('merge refuses overlapping, missing and foreign segments, naming each', async () => {
    const dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'lptf-seg-'))));
    await Promise.all(
      dirs.map((dir, i) =>
        lptf(['run', target.url, '--rate', '20', '--duration', '1s', '--segment', `${i}/3`, '-q', '-o', dir]),
      ),
    );
    const other = await mkdtemp(join(tmpdir(), 'lptf-seg-'));
    await lptf(['run', target.url, '--rate', '30', '--duration', '1s', '--segment', '2/3', '-q', '-o', other]);
    const r = await lptf(['merge', dirs[0]!, dirs[1]!, dirs[1]!, other]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /segment 1\/3 overlaps/);
    assert.match(r.stderr, /not the same plan as .*: rate 20 against 30/);
    const missing = await lptf(['merge', dirs[0]!, dirs[1]!]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /segment 2\/3 is missing/);
    const bad = await lptf(['run', target.url, '--segment', '3/3']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--segment: segments are numbered 0 to 2/);
  });

  test('lptf k8s writes the manifest of a valid plan, and refuses a bad one before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lptf-k8s-'));
    const manifest = join(dir, 'load.yaml');
    const r = await lptf([
      'k8s',
      'http://svc.load:8080/',
      '--rate',
      '900',
      '--duration',
      '5m',
      '--instances',
      '3',
      '--name',
      'shop',
      '--manifest',
      manifest,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const yaml = await readFile(manifest, 'utf8');
    assert.match(yaml, /kind: Job[\s\S]*completionMode: Indexed[\s\S]*completions: 3/);
    assert.match(r.stderr, /3 segments, results in volume/);
    assert.match(yaml, /name: shop-program\n[\s\S]*lptf\.mjs: /, 'lptf itself rides in a ConfigMap');
    const bad = await lptf(['k8s', 'http://svc.load:8080/', '--rate', '-1', '--instances', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--instances/);
  });
});
