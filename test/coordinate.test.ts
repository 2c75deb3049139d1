// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// A distributed test live: `lptf coordinate` and three `lptf run --segment i/3 --coordinator`
// processes on this machine, against loopback targets. The coordinator's figures each second
// are the merge of the segments' seconds, its result is `lptf merge` of their folders, one
// segment's failures stop them all, and a killed segment is named and leaves the rest whole.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CheckResult, isRunCheck } from '../src/core/checks/index.js';
import { CLI, lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('coordinate-');
await writeFile(
  join(scratch, 'items.csv'),
  `id,name\n${Array.from({ length: 40 }, (_, i) => `${i + 1},item ${i + 1}`).join('\n')}\n`,
);

/** A load file of two scenarios, one fed from a CSV file; `fail` sends `x-fail: 1` from the process whose FAIL is set. */
async function loadFile(name: string, url: string, extra: string): Promise<string> {
  const file = join(scratch, name);
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  ${extra}
  data: { items: { file: 'items.csv', mode: 'shuffle' } },
  scenarios: {
    list: { weight: 2, request: { path: '/list?page={{seq}}', headers: { 'x-fail': process.env.FAIL ?? '0' } } },
    item: { weight: 1, request: { path: '/items/{{data.items.id}}', headers: { 'x-fail': process.env.FAIL ?? '0' } } },
  },
});
`,
  );
  return file;
}

interface Proc {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stderr(): string;
}

function start(args: readonly string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: scratch,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c));
  child.stderr?.on('data', (c: Buffer) => (stderr += c));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done, stderr: () => stderr };
}

/** Starts a coordinator on any free port; its URL once it listens. */
async function coordinator(file: string, args: readonly string[]): Promise<{ proc: Proc; url: string }> {
  const proc = start(['coordinate', file, '--segments', '3', '--listen', '127.0.0.1:0', ...args]);
  for (let i = 0; i < 200; i++) {
    const m = /listening on (http:\/\/\S+?):? start/.exec(proc.stderr());
    if (m?.[1]) return { proc, url: m[1] };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.child.kill('SIGKILL');
  throw new Error(`the coordinator did not listen:\n${proc.stderr()}`);
}

const segmentArgs = (file: string, i: number, url: string, out: string): string[] => [
  'run',
  file,
  '--seed',
  '7',
  '--segment',
  `${i}/3`,
  '--coordinator',
  url,
  '--quiet',
  '-o',
  join(scratch, out),
];

interface Summary {
  verdict: string;
  passed: boolean;
  requests: { sent: number; ok: number; failed: number };
  checks: CheckResult[];
  endedEarly?: string;
  elapsedSec: number;
  stopped?: { check: string; atSec: number };
  incomplete?: { en: string };
  meta: unknown;
}
interface SecondLine {
  second: number;
  sent: number;
  ok: number;
  failed: number;
  max: number;
  groups?: Record<string, { sent: number; ok: number; failed: number }>;
}
interface Measure {
  recorder: {
    seconds: {
      second: number;
      sent: number;
      ok: number;
      failed: number;
      maxMs: number;
      groups?: Record<string, { sent: number }>;
    }[];
  };
}
const json = async <T>(path: string): Promise<T> => JSON.parse(await readFile(join(scratch, path), 'utf8')) as T;

test("3 segments and a coordinator: the live seconds are the merge of the segments' seconds, the result is lptf merge of their folders exactly, the verdict a single run's", {
  skip: firstNodeOnly,
}, async () => {
  let n = 0;
  // Every 20th answer is a 500: 5% errors, so "error_rate <= 1%" fails, in one process or three.
  const url = await loopbackServer((req, res) => {
    req.resume();
    res.statusCode = ++n % 20 === 0 ? 500 : 200;
    res.end('{}');
  });
  const file = await loadFile(
    'live.load.ts',
    url,
    `rate: 90, duration: '4s', checks: ['error_rate <= 1%', 'p(99) <= 500ms', 'error_rate over 2s <= 50%'],`,
  );
  const { proc, url: at } = await coordinator(file, [
    '-o',
    'merged',
    '--stream',
    'live.ndjson',
    '--quiet',
    '--linger',
    '3s',
  ]);
  // Followed from elsewhere (the laptop, in a cluster): the progress, then the report and the exit code.
  const follower = start(['follow', at]);
  const segs = [0, 1, 2].map((i) => start(segmentArgs(file, i, at, `seg-${i}`)));
  const ends = await Promise.all(segs.map((s) => s.done));
  // A segment exits with its own verdict: 3 where its generator fell behind beside the others.
  for (const [i, e] of ends.entries())
    assert.ok(e.code === 0 || e.code === 1 || e.code === 3, `segment ${i}: exit ${e.code}: ${e.stderr}`);
  const c = await proc.done;
  // 1: 5% errors fail "error_rate <= 1%"; 3 if the generator fell behind beside it (two cores, four processes).
  assert.ok(c.code === 1 || c.code === 3, `exit ${c.code}: ${c.stderr}`);
  const followed = await follower.done;
  assert.equal(followed.code, c.code, followed.stderr);
  assert.equal(followed.stdout, c.stdout, 'lptf follow prints the report the coordinator printed');
  for (const i of [0, 1, 2]) assert.match(c.stderr, new RegExp(`segment ${i}/3 joined`));

  // The final result: lptf merge of the three folders, field by field (but who made it).
  const merge = await lptf(['merge', 'seg-0', 'seg-1', 'seg-2', '-o', 'by-merge'], { cwd: scratch });
  assert.equal(merge.code, c.code, merge.stderr);
  const live = await json<Summary>('merged/summary.json');
  const merged = await json<Summary>('by-merge/summary.json');
  assert.deepEqual({ ...live, meta: null }, { ...merged, meta: null });
  assert.equal(live.requests.sent, 360);

  // Each second the coordinator streamed is the sum of that second of every segment.
  const parts = await Promise.all([0, 1, 2].map((i) => json<Measure>(`seg-${i}/measure.json`)));
  const lines = (await readFile(join(scratch, 'live.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as SecondLine);
  assert.ok(lines.length >= 3, `${lines.length} live seconds`);
  for (const line of lines) {
    const of = parts.flatMap((p) => p.recorder.seconds.filter((s) => s.second === line.second));
    const sum = (f: (s: (typeof of)[number]) => number): number => of.reduce((a, s) => a + f(s), 0);
    assert.deepEqual(
      [line.sent, line.ok, line.failed, line.max],
      [
        sum((s) => s.sent),
        sum((s) => s.ok),
        sum((s) => s.failed),
        Math.round(Math.max(...of.map((s) => s.maxMs)) * 1000) / 1000,
      ],
      `second ${line.second}`,
    );
    assert.equal(
      line.groups?.['item']?.sent,
      sum((s) => s.groups?.['item']?.sent ?? 0),
      `second ${line.second}, item`,
    );
  }

  // One process running the whole plan judges it alike.
  const single = await lptf(['run', file, '--seed', '7', '--quiet', '-o', 'single'], { cwd: scratch });
  assert.ok(single.code === 1 || single.code === 3, single.stderr);
  const one = await json<Summary>('single/summary.json');
  const target = (s: Summary): [string, boolean][] =>
    s.checks.filter((x) => !isRunCheck(x)).map((x) => [x.name, x.pass]);
  assert.deepEqual(target(live), target(one));
  // Alike, unless one of the two generators fell behind (then that one is inconclusive, and says so).
  if (live.verdict !== 'inconclusive' && one.verdict !== 'inconclusive') assert.equal(live.verdict, one.verdict);
});

test('failures from one segment decide the whole test: every segment stops within 2 s of the decision, the result says why', {
  skip: firstNodeOnly,
}, async () => {
  const url = await loopbackServer((req, res) => {
    req.resume();
    res.statusCode = req.headers['x-fail'] === '1' ? 503 : 200;
    res.end('{}');
  });
  // Only segment 1's requests fail: no segment alone sees more than its own 30 a second.
  const file = await loadFile(
    'abort.load.ts',
    url,
    `rate: 90, duration: '30s', checks: [{ check: 'failed <= 40', abortOnFail: true }, 'p(99) <= 500ms'],`,
  );
  const { proc, url: at } = await coordinator(file, ['-o', 'stopped', '--quiet']);
  const t0 = Date.now();
  const segs = [0, 1, 2].map((i) => start(segmentArgs(file, i, at, `abort-${i}`), i === 1 ? { FAIL: '1' } : {}));
  const ends = await Promise.all(segs.map((s) => s.done));
  const c = await proc.done;
  assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms of a 30 s plan`);
  // 1; 3 if the generator was behind when the check failed.
  assert.ok(c.code === 1 || c.code === 3, `exit ${c.code}: ${c.stderr}`);
  assert.match(c.stderr, /stopping every segment: "failed <= 40" was decided failed on the whole test/);
  const whole = await json<Summary>('stopped/summary.json');
  assert.equal(whole.stopped?.check, 'failed <= 40');
  const decidedAt = whole.stopped?.atSec ?? 0;
  for (const [i, e] of ends.entries()) {
    // As the coordinator: 3 if its generator was behind (five processes share two cores here).
    assert.ok(e.code === 0 || e.code === 1 || e.code === 3, `segment ${i}: exit ${e.code}: ${e.stderr}`);
    const s = await json<Summary>(`abort-${i}/summary.json`);
    assert.match(s.endedEarly ?? '', /its coordinator stopped the whole test/, `segment ${i}`);
    assert.ok(s.elapsedSec <= decidedAt + 2, `segment ${i} stopped at ${s.elapsedSec} s, decided at ${decidedAt} s`);
  }
});

test('a segment killed mid-run is named within seconds; the result keeps what it sent, the others whole, and is inconclusive', {
  skip: firstNodeOnly,
}, async () => {
  const url = await loopbackServer((req, res) => {
    req.resume();
    res.end('{}');
  });
  const file = await loadFile('kill.load.ts', url, `rate: 90, duration: '6s', checks: ['error_rate <= 1%'],`);
  const { proc, url: at } = await coordinator(file, [
    '-o',
    'partial',
    '--lost-after',
    '2s',
    '--join-timeout',
    '60s',
    '--quiet',
  ]);
  const segs = [0, 1, 2].map((i) => start(segmentArgs(file, i, at, `kill-${i}`)));
  // Killed mid-run: once it has joined and reported for a while, however long the processes took
  // to start (a fixed 3 s once killed it before it joined, on a busy machine).
  for (let i = 0; i < 600 && !/segment 2\/3 joined/.test(proc.stderr()); i++)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2000));
  segs[2]?.child.kill('SIGKILL');
  const ends = await Promise.all(segs.map((s) => s.done));
  const c = await proc.done;
  assert.equal(c.code, 3, c.stderr);
  assert.match(c.stderr, /segment 2\/3 stopped reporting at [\d.]+ s/);
  const whole = await json<Summary>('partial/summary.json');
  assert.equal(whole.verdict, 'inconclusive');
  assert.match(whole.incomplete?.en ?? '', /segment 2\/3 stopped reporting/);
  // Segments 0 and 1 are whole (180 each), and what 2 sent before it died is in.
  const own = await Promise.all([0, 1].map((i) => json<Summary>(`kill-${i}/summary.json`)));
  for (const e of ends.slice(0, 2)) assert.ok(e.code === 0 || e.code === 3, e.stderr);
  const others = own.reduce((a, s) => a + s.requests.sent, 0);
  assert.equal(others, 360);
  assert.ok(whole.requests.sent > others && whole.requests.sent < 540, `${whole.requests.sent} sent in all`);
});

test('the coordinator dying costs the segments nothing: they finish, say what did not arrive, and lptf merge of their folders is whole', {
  skip: firstNodeOnly,
}, async () => {
  const url = await loopbackServer((req, res) => {
    req.resume();
    res.end('{}');
  });
  const file = await loadFile('orphan.load.ts', url, `rate: 90, duration: '4s', checks: ['error_rate <= 1%'],`);
  const { proc, url: at } = await coordinator(file, ['--quiet']);
  const segs = [0, 1, 2].map((i) => start(segmentArgs(file, i, at, `orphan-${i}`)));
  await new Promise((r) => setTimeout(r, 1500));
  proc.child.kill('SIGKILL');
  const ends = await Promise.all(segs.map((s) => s.done));
  for (const [i, e] of ends.entries()) {
    assert.ok(e.code === 0 || e.code === 3, `segment ${i}: ${e.stderr}`);
    assert.match(e.stderr, /reports did not arrive .*this segment's own results are whole/, `segment ${i}`);
  }
  const merge = await lptf(['merge', 'orphan-0', 'orphan-1', 'orphan-2', '-o', 'orphan-merged'], { cwd: scratch });
  assert.ok(merge.code === 0 || merge.code === 3, merge.stderr);
  assert.equal((await json<Summary>('orphan-merged/summary.json')).requests.sent, 360);
});
