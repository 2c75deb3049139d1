import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { constantRate, stagedRate, unionSchedule } from '../src/core/schedule/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { scenarioMix } from '../src/load/script/index.js';
import { lptf } from './helpers/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so a load file's `import … from 'lptf/load'` resolves to this build.
await mkdir(join(root, '.scratch'), { recursive: true });
const scratch = await mkdtemp(join(root, '.scratch', 'scenario-rates-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** A loopback server that answers 200 `ok` and keeps when each path arrived (ms from its first request). */
async function server(): Promise<{ url: string; seen: { t: number; path: string }[]; close(): Promise<void> }> {
  const seen: { t: number; path: string }[] = [];
  let first: number | undefined;
  const s = createServer((req, res) => {
    const now = performance.now();
    first ??= now;
    seen.push({ t: now - first, path: req.url ?? '' });
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => s.close(() => resolve())),
  };
}

// Two scenarios share 100/s by weight (3:1); `health` has its own 5/s; `burst` its own ramp, after a quiet start.
const FILE = `import { loadTest } from 'lptf/load';
export default loadTest({
  url: 'URL',
  rate: 100,
  duration: '6s',
  checks: ['p95{stage:burst.peak} <= 2s', 'error_rate{scenario:health} <= 1%'],
  scenarios: {
    browse: { weight: 3, request: { path: '/browse' } },
    buy: { weight: 1, request: { path: '/buy' } },
    health: { rate: 5, request: { path: '/health' } },
    burst: { stages: ['2s:0:quiet', '2s:300:peak', '2s:0'], request: { path: '/burst' } },
  },
});
`;

/** The plan, as the test reads it: each scenario's arrivals by the second they are due in. */
function planned(): Map<string, number> {
  const pool = constantRate(100, 6_000);
  const parts = [
    constantRate(5, 6_000),
    stagedRate([
      { name: 'quiet', durationMs: 2_000, target: 0 },
      { name: 'peak', durationMs: 2_000, target: 300 },
      { name: 'down', durationMs: 2_000, target: 0 },
    ]),
    pool,
  ];
  const whole = unionSchedule(parts);
  const mix = scenarioMix([3, 1]);
  const counts = new Map<string, number>();
  let pooled = 0;
  for (let i = 0; i < whole.total; i++) {
    const part = whole.partOf?.(i) as number;
    const name = part === 0 ? 'health' : part === 1 ? 'burst' : (['browse', 'buy'][mix(pooled++)] as string);
    const key = `${Math.floor(whole.dueAtMs(i) / 1000)} ${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

test('scenarios with their own rate or stages arrive on their own schedules, beside the weighted ones, over two threads', async () => {
  const target = await server();
  const file = join(scratch, 'own.load.ts');
  await writeFile(file, FILE.replace('URL', target.url));
  const out = join(scratch, 'own-out');
  try {
    const run = await lptf(['run', file, '-o', out, '--workers', '2']);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    assert.equal(run.code, 0, `${run.stderr}\n${JSON.stringify(summary.checks)}`);
    // 600 shared 3:1, 30 of health, 600 of the burst's ramp up and down.
    assert.equal(summary.target.plannedRequests, 1230);
    assert.equal(target.seen.length, 1230);
    assert.deepEqual(Object.fromEntries(Object.entries(summary.groups).map(([g, s]) => [g, s.requests.sent])), {
      browse: 450,
      buy: 150,
      health: 30,
      burst: 600,
    });
    assert.deepEqual(
      summary.target.parts?.map((p) => [p.scenario ?? '(shared)', p.rate, p.durationSec]),
      [
        ['health', 5, 6],
        ['burst', 100, 6],
        ['(shared)', 100, 6],
      ],
    );
    assert.deepEqual(
      summary.target.scenarios?.map((s) => [s.name, Math.round(s.share * 1230)]),
      [
        ['browse', 450],
        ['buy', 150],
        ['health', 30],
        ['burst', 600],
      ],
    );
    // The burst's stages are its own, by name; its quiet stage planned nothing and holds nothing.
    assert.deepEqual(Object.keys(summary.stages ?? {}).sort(), ['burst.peak', 'burst.ramp-down']);
    assert.equal(summary.stages?.['burst.peak']?.requests.sent, 300);
    assert.ok(summary.checks.every((c) => c.pass));
    assert.match(run.stdout, /health at 5\/s; burst in stages: 0\/s for 2s \(burst\.quiet\), 0 → 300\/s over 2s/);
    // At the server: each second's arrivals of each scenario, against the plan (the first
    // request's arrival is the server's zero, as the plan's first due time is the run's).
    const got = new Map<string, number>();
    for (const { t, path } of target.seen) {
      const key = `${Math.min(5, Math.floor(t / 1000))} ${path.slice(1)}`;
      got.set(key, (got.get(key) ?? 0) + 1);
    }
    for (const [key, n] of planned()) {
      const g = got.get(key) ?? 0;
      assert.ok(Math.abs(g - n) <= Math.max(0.02 * n, 2), `second and scenario ${key}: ${g} arrived, ${n} planned`);
    }
  } finally {
    await target.close();
  }
});

test('two segments of it merge into the whole plan: every part, its count, its stages', async () => {
  const target = await server();
  const file = join(scratch, 'segments.load.ts');
  await writeFile(file, FILE.replace('URL', target.url).replace("duration: '6s'", "duration: '2s'"));
  try {
    const outs = [join(scratch, 'seg-0'), join(scratch, 'seg-1')];
    const runs = await Promise.all(
      outs.map((out, k) => lptf(['run', file, '-q', '-o', out, '--segment', `${k}/2`, '--seed', '7'])),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const merged = join(scratch, 'merged');
    const merge = await lptf(['merge', ...outs, '-o', merged]);
    assert.equal(merge.code, 0, merge.stderr);
    const summary = JSON.parse(await readFile(join(merged, 'summary.json'), 'utf8')) as RunResult;
    // 2 s of the shared 100/s and of health's 5/s; the burst's 6 s of stages, whatever the duration.
    assert.equal(summary.target.plannedRequests, 200 + 10 + 600);
    assert.equal(summary.requests.sent, 810);
    assert.equal(target.seen.length, 810);
    assert.equal(summary.target.durationSec, 6);
    assert.deepEqual(
      summary.target.parts?.map((p) => p.scenario ?? '(shared)'),
      ['health', 'burst', '(shared)'],
    );
    assert.equal(summary.groups['health']?.requests.sent, 10);
    // A part read back that plans nothing is refused, not trusted.
    const tampered = await Promise.all(
      outs.map(async (out, k) => {
        const m = JSON.parse(await readFile(join(out, 'measure.json'), 'utf8'));
        m.target.parts[0].rate = 0;
        const file = join(scratch, `tampered-${k}.json`);
        await writeFile(file, JSON.stringify(m));
        return file;
      }),
    );
    const bad = await lptf(['merge', ...tampered, '-o', join(scratch, 'tampered-out')]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /tampered-0\.json: target: rate must be a positive number, got 0/);
  } finally {
    await target.close();
  }
});

test('own rates that cannot be are refused before any traffic, every problem at once', async () => {
  const target = await server();
  const file = join(scratch, 'bad.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${target.url}',
  scenarios: {
    a: { weight: 2, rate: 5, request: { path: '/a' } },
    b: { rate: 5, stages: ['1s:10'], request: { path: '/b' } },
    c: { stages: ['1s:10:x', '1s:10:x'], request: { path: '/c' } },
    d: { startRate: 3, request: { path: '/d' } },
    e: { rate: -1, request: { path: '/e' } },
  },
});
`,
  );
  const allOwn = join(scratch, 'all-own.load.ts');
  await writeFile(
    allOwn,
    `import { loadTest } from 'lptf/load';
export default loadTest({ url: '${target.url}', rate: 50, scenarios: { a: { rate: 5, request: { path: '/a' } } } });
`,
  );
  try {
    const bad = await lptf(['run', file, '-q']);
    assert.equal(bad.code, 2, bad.stderr);
    for (const p of [
      /scenarios\.a\.weight: is a share of the plan's rate; a scenario with its own rate or stages has none/,
      /scenarios\.b\.rate: its stages set its rate: give rate or stages, not both/,
      /scenarios\.c\.stages: two stages are named "x"/,
      /scenarios\.d\.startRate: is where its stages start: give stages too/,
      /scenarios\.e\.rate: .*> 0/,
    ])
      assert.match(bad.stderr, p);
    const nobody = await lptf(['run', allOwn, '-q']);
    assert.equal(nobody.code, 2, nobody.stderr);
    assert.match(
      nobody.stderr,
      /every scenario of .*all-own\.load\.ts has its own rate or stages: the plan's rate would be nobody's/,
    );
    const closed = await lptf(['run', join(scratch, 'own.load.ts'), '-q', '--connections', '4']);
    assert.equal(closed.code, 2, closed.stderr);
    assert.match(closed.stderr, /a closed loop has no rate, and the scenarios health, burst have their own/);
    assert.equal(target.seen.length, 0, 'traffic was sent');
  } finally {
    await target.close();
  }
});
