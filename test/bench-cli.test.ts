// test-lane: timed (benchmarks against peers, side by side in one run: scripts/run-tests.mjs runs it at normal priority, with at most the seconds lane on one core beside it, the one busy loop a timed test must bear)
// lptf bench end to end: the seed's example, bad input of every kind, save and compare,
// process isolation. Short rounds: these check behaviour, not speed.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BenchRunResult } from '../src/bench/index.js';
import { lptf } from './helpers/cli.js';

const QUICK = ['--rounds', '6', '--sample-ms', '0.5', '--warmup-ms', '20', '--seed', '1', '--quiet'];
const fixture = (name: string): string => join('test', 'fixtures', 'bench', name);

test("the seed's methods: ratios follow the loop counts, every pair valid, JSON with the promised fields", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-bench-'));
  const run = await lptf([
    'bench',
    'examples/bench/seed-methods.bench.ts',
    ...QUICK,
    '--format',
    'json',
    '--format',
    'html',
    '--out',
    dir,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(await readFile(join(dir, 'bench.json'), 'utf8')) as BenchRunResult;
  const pairs = result.suites[0]!.pairs;
  assert.equal(pairs.length, 9);
  for (const p of pairs) {
    for (const k of ['medianNs', 'ciLowNs', 'ciHighNs', 'samples', 'valid', 'ratio', 'ratioLow', 'ratioHigh'] as const)
      assert.ok(p[k] !== undefined && p[k] !== null, `${p.benchmark}/${p.case}: ${k}`);
    assert.ok(p.valid && p.ciLowNs! <= p.medianNs! && p.medianNs! <= p.ciHighNs!);
  }
  // 10× the inner loop: ≈ 8× on Node 20, ≈ 3.6× on Node 24, whose JIT runs the medium loop
  // relatively slower. The order always holds; the growth over cases follows the counts closely.
  // On a machine whose cores are all busy the ratio for Max reaches 20-36×: slow's long calls are
  // cut by the scheduler far more often than medium's short ones, which the median cannot hide.
  const ratios = (b: string) => pairs.filter((p) => p.benchmark === b).map((p) => p.ratio!);
  assert.ok(
    ratios('slow').every((r) => r > 2 && r < 60),
    `slow/medium ${ratios('slow')}`,
  );
  assert.ok(
    ratios('fast').every((r) => r < 1),
    `fast/medium ${ratios('fast')}`,
  );
  const maxOverMin =
    pairs.find((p) => p.benchmark === 'slow' && p.case === 'Max')!.medianNs! /
    pairs.find((p) => p.benchmark === 'slow' && p.case === 'Min')!.medianNs!;
  assert.ok(maxOverMin > 50 && maxOverMin < 300, `Max/Min ${maxOverMin} for 100× the iterations`);
  assert.match(await readFile(join(dir, 'bench.html'), 'utf8'), /<svg class="bench-bars"/);
  assert.match(run.stdout, /noise floor: a hidden copy of medium/);

  // lptf report reads the saved bench run from its folder and renders it in every format it has.
  const again = await mkdtemp(join(tmpdir(), 'lptf-bench-report-'));
  const report = await lptf(['report', dir, '--format', 'all', '--out', again]);
  assert.equal(report.code, 0, report.stderr);
  for (const f of ['bench.json', 'bench.txt', 'bench.md', 'bench.csv', 'bench.html']) {
    assert.ok((await readFile(join(again, f), 'utf8')).length > 0, f);
  }
  assert.deepEqual(JSON.parse(await readFile(join(again, 'bench.json'), 'utf8')), result);
  const text = await lptf(['report', join(dir, 'bench.json')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /seed-methods/);
});

test('a broken implementation is caught by validate: INVALID, exit 1', async () => {
  const run = await lptf(['bench', 'examples/bench/broken-sum.bench.ts', ...QUICK]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /formula\s+Min[^\n]*INVALID validate returned false/);
  assert.doesNotMatch(run.stdout, /loop\s+Min[^\n]*INVALID/);
  assert.match(run.stderr, /3 benchmark\(s\) invalid or failed: sum 1\.\.n\/formula\/Min/);
});

test('a benchmark that throws, one that never resolves and a validate that throws are each reported; the rest is measured', async () => {
  const run = await lptf([
    'bench',
    fixture('misbehaving.bench.ts'),
    ...QUICK,
    '--timeout',
    '300ms',
    '--format',
    'json',
  ]);
  assert.equal(run.code, 1);
  const pairs = (JSON.parse(run.stdout) as BenchRunResult).suites[0]!.pairs;
  const by = (b: string) => pairs.find((p) => p.benchmark === b)!;
  assert.equal(by('good').valid && by('good').error === null && by('good').samples, 6);
  assert.equal(by('throws').error, 'RangeError: boom');
  assert.equal(by('neverResolves').error, 'Timeout: did not settle within 300 ms');
  assert.equal(by('badValidate').valid, false);
  assert.equal(by('badValidate').invalid, 'validate threw Error: validate exploded');
});

test('a bench file that calls process.exit() fails the run, named, in a thread and in a process of its own', async () => {
  for (const isolate of ['worker', 'process']) {
    const run = await lptf(['bench', fixture('exits.bench.ts'), ...QUICK, '--isolate', isolate]);
    assert.equal(run.code, 1, `${isolate}: ${run.stdout}`);
    assert.match(
      run.stderr,
      /exits\.bench\.ts: its (thread|process) ended before the benchmarks finished \(exit code 0\); does the file call process\.exit\(\)\?/,
      isolate,
    );
  }
});

test("iterations fix the calls per sample: a suite's own, or --iterations for every suite; reported with the samples", async () => {
  const own = await lptf(['bench', fixture('fixed-iterations.bench.ts'), ...QUICK, '--format', 'json']);
  assert.equal(own.code, 0, own.stderr);
  const ownRun = JSON.parse(own.stdout) as BenchRunResult;
  assert.deepEqual(
    ownRun.suites[0]!.pairs.map((p) => [p.benchmark, p.batch, p.samples]),
    [['count', 25, 6]],
  );
  assert.equal(ownRun.options.iterations, undefined);
  const forced = await lptf([
    'bench',
    fixture('fixed-iterations.bench.ts'),
    fixture('stable.bench.ts'),
    ...QUICK,
    '--iterations',
    '7',
    '--format',
    'json',
  ]);
  assert.equal(forced.code, 0, forced.stderr);
  const run = JSON.parse(forced.stdout) as BenchRunResult;
  assert.equal(run.options.iterations, 7);
  assert.deepEqual(new Set(run.suites.flatMap((s) => s.pairs.map((p) => p.batch))), new Set([7]));
  const text = await lptf(['bench', fixture('fixed-iterations.bench.ts'), ...QUICK, '--iterations', '7']);
  assert.match(text.stdout, /count[^\n]*6 × 7/);
  const bad = await lptf(['bench', fixture('stable.bench.ts'), '--iterations', '0']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--iterations/);
});

test('files that define no suite, an empty case list or two suites of one name exit 2, named', async () => {
  for (const [file, message] of [
    ['bad-iterations.bench.ts', /suite "bad iterations": iterations: a whole number from 1 to 1e9, got 0\.5/],
    ['no-suite.bench.ts', /no-suite\.bench\.ts: exports no suite/],
    ['empty-cases.bench.ts', /suite "no cases": cases: the case list is empty/],
    ['bad-definitions.bench.ts', /bad-definitions\.bench\.ts: two suites are named "same"/],
  ] as const) {
    const run = await lptf(['bench', fixture(file), ...QUICK]);
    assert.equal(run.code, 2, `${file}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  const missing = await lptf(['bench', 'nope/*.bench.ts', 'missing.bench.ts']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\/\*\.bench\.ts: matches no file[\s\S]*missing\.bench\.ts: no such file/);
});

test('--save then --compare: a regression counts only when the whole interval is beyond the threshold', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-bench-hist-'));
  const saved = join(dir, 'before.json');
  // The fixture's work is bound to the clock, not to how V8 tiered it (two processes once differed
  // by 50% on loop work); fifteen rounds, so two slow rounds (a GC, the other core busy) cannot
  // carry the bootstrap's median either.
  const STEADY = [...QUICK, '--rounds', '15'];
  const first = await lptf(['bench', fixture('stable.bench.ts'), ...STEADY, '--save', saved]);
  assert.equal(first.code, 0, first.stderr);
  // The same code against itself: nothing beyond 50%.
  const same = await lptf(['bench', fixture('stable.bench.ts'), ...STEADY, '--compare', saved, '--threshold', '50']);
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stdout, /regression/);
  // A "before" ten times as fast as the saved run's fastest round, in every round: every pair
  // regressed. Scaling the saved rounds was not enough: with six rounds, two slow ones (a GC, the
  // other core busy in CI) can carry the bootstrap's median, so even a 4x faster copy of them
  // once left an interval straddling the threshold. What this checks is the comparison, not noise.
  const before = JSON.parse(await readFile(saved, 'utf8')) as BenchRunResult;
  const tenTimesFaster = (p: (typeof before.suites)[number]['pairs'][number]) => {
    const ns = Math.min(...p.samplesNs) / 10;
    return { ...p, medianNs: ns, samplesNs: p.samplesNs.map(() => ns) };
  };
  const faster = { ...before, suites: before.suites.map((s) => ({ ...s, pairs: s.pairs.map(tenTimesFaster) })) };
  await writeFile(saved, JSON.stringify(faster));
  const worse = await lptf(['bench', fixture('stable.bench.ts'), ...QUICK, '--compare', saved]);
  assert.equal(worse.code, 1);
  assert.match(worse.stderr, /4 regression\(s\) beyond 5%/);
  assert.match(worse.stdout, /Against the saved run[\s\S]*join\s+large[^\n]*regression/);
});

test('--isolate process: each benchmark in its own process, beside its baseline', async () => {
  const run = await lptf([
    'bench',
    'examples/bench/seed-methods.bench.ts',
    ...QUICK,
    '--isolate',
    'process',
    '--format',
    'json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const pairs = (JSON.parse(run.stdout) as BenchRunResult).suites[0]!.pairs;
  assert.deepEqual(
    pairs.map((p) => p.benchmark),
    ['fast', 'fast', 'fast', 'medium', 'medium', 'medium', 'slow', 'slow', 'slow'],
  );
  assert.ok(
    pairs.filter((p) => p.benchmark === 'slow').every((p) => p.ratio! > 2),
    JSON.stringify(pairs.map((p) => p.ratio)),
  );
});

test('--against HEAD: the base and the working tree in the same rounds; unchanged code is no regression, a 1.3× slowdown is one', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdir, realpath } = await import('node:fs/promises');
  const { packageScratch } = await import('./helpers/loopback.js');
  // A repository inside the package: its files (and the base's worktree) import this build as 'lptf/bench'.
  const repo = await realpath(await packageScratch('bench-against-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' });
  const file = (us: number): string => `import { suite } from 'lptf/bench';
function spin(us: number): number {
  const until = performance.now() + us / 1000;
  let turns = 0;
  while (performance.now() < until) turns++;
  return turns;
}
export default suite('work', { benchmarks: { step: () => spin(${us}) } });
`;
  await mkdir(join(repo, 'bench'));
  await writeFile(join(repo, 'bench', 'work.bench.ts'), file(200));
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'base');
  const against = (extra: string[] = []) =>
    lptf(
      ['bench', 'bench/work.bench.ts', ...QUICK, '--rounds', '10', '--budget', '10s', '--against', 'HEAD', ...extra],
      {
        cwd: repo,
      },
    );
  const same = await against(['--format', 'json']);
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(
    same.stdout,
    /"benchmark": "step @base"/,
    'the report shows the working tree; the base is its twin',
  );
  const unchanged = await against();
  assert.equal(unchanged.code, 0, unchanged.stderr);
  assert.match(
    unchanged.stdout,
    /Against HEAD \([0-9a-f]{12}\), in the same rounds[\s\S]*step\s+default[^\n]*(unchanged|inconclusive)/,
  );
  // The worktree made for the revision is gone afterwards.
  assert.doesNotMatch(git('worktree', 'list'), /\.lptf\/against-/);
  await writeFile(join(repo, 'bench', 'work.bench.ts'), file(260));
  const slower = await against();
  assert.equal(slower.code, 1, slower.stdout);
  assert.match(slower.stdout, /step\s+default[^\n]*regression/);
  assert.match(slower.stderr, /1 regression\(s\) beyond 5%/);
  const bad = await lptf(['bench', 'bench/work.bench.ts', '--against', 'no-such-ref'], { cwd: repo });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--against: "no-such-ref" is neither a folder nor a git revision/);
});
