/**
 * What timing each request's phases on the wire costs the generator (time to first byte, download,
 * connect, TLS: `wire` in summary.json): lptf at 5000/s against a loopback target, this build
 * (`after`) beside a build of the commit before the phases were added (`before`), alternating,
 * ROUNDS times each, in one run. Each is run SHORT and SECONDS long; the difference of the two
 * takes out what a run spends once, so the ratio is what a long run pays per request. The goal:
 * `after` at 1.05 times `before` or less.
 *
 * `before` is built once into .bench/ from a git worktree (BENCH_BEFORE=<ref> to choose another;
 * by default the parent of the commit that added src/core/recorder/wire-times.ts).
 *
 * Run: npm run bench:wire   (BENCH_SECONDS=20 BENCH_ROUNDS=5 for longer; defaults 10 and 3)
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';
import { type CpuRow, cpuPerRequest } from './cpu-margin.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const SHORT = 3;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const RATE = 5000;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const root = here('..');
const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const added = git('log', '--diff-filter=A', '--format=%H', '-1', '--', 'src/core/recorder/wire-times.ts');
const before = git('rev-parse', process.env['BENCH_BEFORE'] ?? `${added || 'HEAD'}^`);
const beforeDir = join(root, '.bench', `wire-before-${before.slice(0, 12)}`);
if (!existsSync(join(beforeDir, 'dist/cli/main.js'))) {
  if (!existsSync(beforeDir)) git('worktree', 'add', '--detach', beforeDir, before);
  if (!existsSync(join(beforeDir, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(beforeDir, 'node_modules'));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: beforeDir,
    stdio: 'inherit',
  });
}
const CLIS = { before: join(beforeDir, 'dist/cli/main.js'), after: join(root, 'dist/cli/main.js') } as const;
type Build = keyof typeof CLIS;
const BUILDS = Object.keys(CLIS) as Build[];

const target: ChildProcess = fork(here('./target-server.mjs'), ['1'], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port }] = (await once(target, 'message')) as [{ port: number }];
await mkdir(join(root, '.scratch'), { recursive: true });
const work = await mkdtemp(join(root, '.scratch', 'bench-wire-'));

type Row = CpuRow<Build>;

async function run(build: Build, seconds: number, round: number): Promise<Row> {
  const out = join(work, `${build}-${seconds}-${round}`);
  const child = spawn(
    process.execPath,
    [
      CLIS[build],
      'run',
      `http://127.0.0.1:${port}/items/{{seq}}`,
      '-r',
      String(RATE),
      '-d',
      `${seconds}s`,
      '-q',
      '-o',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await once(child, 'close');
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  target.send('take');
  await once(target, 'message');
  return {
    config: build,
    seconds,
    sent: s.requests.sent,
    cpuMs: s.generator.cpuUserMs + s.generator.cpuSystemMs,
    cpuPerRequestUs: s.generator.cpuPerRequestUs ?? Number.NaN,
  };
}

const rows: Row[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // A different order each round, so neither build always runs on a warmer machine.
  const order = round % 2 === 0 ? BUILDS : [...BUILDS].reverse();
  for (const build of order) for (const seconds of [SHORT, SECONDS]) rows.push(await run(build, seconds, round));
}
target.kill();
await rm(work, { recursive: true, force: true });

const marginal = (build: Build): number => cpuPerRequest(rows, build, SHORT, SECONDS).marginal;
const whole = (build: Build): number => cpuPerRequest(rows, build, SHORT, SECONDS).whole;

console.log(
  `lptf at ${RATE}/s, runs of ${SHORT} s and ${SECONDS} s, ${ROUNDS} rounds; before = ${before.slice(0, 12)}\n`,
);
console.log('build   length  sent    CPU µs/request');
for (const r of rows)
  console.log(
    `${r.config.padEnd(6)}  ${`${r.seconds} s`.padStart(6)}  ${String(r.sent).padStart(6)}  ${r.cpuPerRequestUs.toFixed(1).padStart(14)}`,
  );
const ratio = marginal('after') / marginal('before');
console.log(
  `\nCPU µs/request at the margin: before ${marginal('before').toFixed(1)}, after ${marginal('after').toFixed(1)}; over the whole run: before ${whole('before').toFixed(1)}, after ${whole('after').toFixed(1)}`,
);
console.log(`after/before at the margin: ${ratio.toFixed(3)} (goal <= 1.05: ${ratio <= 1.05 ? 'met' : 'MISSED'})`);
