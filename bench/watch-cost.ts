/**
 * What watching the server and pushing to Prometheus cost the generator: lptf at 1000/s against
 * a loopback target, with `--watch-pid` on the target, `--watch-node-exporter` and
 * `--prometheus-rw` on, against the same run with them off, alternating, ROUNDS times each, in
 * one run. Each is run twice, SHORT and SECONDS long: the difference of the two takes out what a
 * run spends once (loading undici, the first scrape, the last push, the end's merges), so the
 * ratio is what a long run (the self-test's 30 minutes) pays per request. It prints the
 * generator's CPU (from summary.json: the whole process, every thread), per request over each
 * run and at the margin, its send lateness p99, and the marginal ratio on/off. The goal is 1.10
 * or less.
 *
 * Uses Debian's prometheus and prometheus-node-exporter when installed (.ci/run installs them);
 * otherwise a loopback sink that accepts the pushes, and no node exporter.
 *
 * Run: npm run bench:watch   (BENCH_SECONDS=20 BENCH_ROUNDS=5 for longer; defaults 10 and 3)
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 14);
const SHORT = 4;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const RATE = 1000;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../dist/cli/main.js');
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function startServer(command: string, args: string[], ready: string): Promise<void> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(ready).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${command} did not start`);
}

const target = fork(here('./target-server.mjs'), ['5'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
children.push(target);
const [{ port }] = (await once(target, 'message')) as [{ port: number }];
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-watch-'));

let remoteWrite: string;
let receiver = 'a loopback sink';
let nodeExporter: string | undefined;
if (existsSync('/usr/bin/prometheus')) {
  const p = await freePort();
  await writeFile(join(work, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n');
  await startServer(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${p}`,
      '--web.enable-remote-write-receiver',
    ],
    `http://127.0.0.1:${p}/-/ready`,
  );
  remoteWrite = `http://127.0.0.1:${p}/api/v1/write`;
  receiver = 'Prometheus 2.42';
} else {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  remoteWrite = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/api/v1/write`;
}
if (existsSync('/usr/bin/prometheus-node-exporter')) {
  const p = await freePort();
  nodeExporter = `http://127.0.0.1:${p}/metrics`;
  await startServer('/usr/bin/prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${p}`], nodeExporter);
}

interface Row {
  readonly config: 'off' | 'on';
  readonly seconds: number;
  readonly sent: number;
  readonly cpuMs: number;
  readonly cpuPerRequestUs: number;
  readonly latenessP99: number;
  readonly loopP99: number;
}

async function run(config: Row['config'], seconds: number, round: number): Promise<Row> {
  const out = join(work, `${config}-${seconds}-${round}`);
  const watch =
    config === 'on'
      ? [
          '--watch-pid',
          String(target.pid),
          ...(nodeExporter ? ['--watch-node-exporter', nodeExporter] : []),
          '--prometheus-rw',
          remoteWrite,
        ]
      : [];
  const child = spawn(
    process.execPath,
    [CLI, 'run', `http://127.0.0.1:${port}/`, '-r', String(RATE), '-d', `${seconds}s`, '-q', '-o', out, ...watch],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await once(child, 'close');
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  return {
    config,
    seconds,
    sent: s.requests.sent,
    cpuMs: s.generator.cpuUserMs + s.generator.cpuSystemMs,
    cpuPerRequestUs: s.generator.cpuPerRequestUs ?? Number.NaN,
    latenessP99: s.generator.latenessMs.p99 ?? Number.NaN,
    loopP99: s.generator.eventLoopDelayMs.p99,
  };
}

const rows: Row[] = [];
for (let round = 0; round < ROUNDS; round++)
  for (const config of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const))
    for (const seconds of [SHORT, SECONDS]) rows.push(await run(config, seconds, round));
for (const c of children) c.kill();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const pick = (config: Row['config'], seconds: number): Row[] =>
  rows.filter((r) => r.config === config && r.seconds === seconds);
const of = (
  config: Row['config'],
  seconds: number,
  key: 'cpuMs' | 'sent' | 'cpuPerRequestUs' | 'latenessP99',
): number => median(pick(config, seconds).map((r) => r[key]));
/**
 * CPU per request once started: in each round, (CPU of the long run − the short) / (their
 * request difference), the two run back to back; the median over the rounds.
 */
const marginal = (config: Row['config']): number => {
  const short = pick(config, SHORT);
  return median(
    pick(config, SECONDS).map((l, i) => ((l.cpuMs - (short[i]?.cpuMs ?? 0)) * 1000) / (l.sent - (short[i]?.sent ?? 0))),
  );
};

console.log(
  `lptf at ${RATE}/s, runs of ${SHORT} s and ${SECONDS} s, ${ROUNDS} rounds each; on = --watch-pid (the target)${nodeExporter ? ' + --watch-node-exporter' : ''} + --prometheus-rw to ${receiver}\n`,
);
console.log('config  length  CPU µs/request  send lateness p99  event-loop p99');
for (const r of rows)
  console.log(
    `${r.config.padEnd(6)}  ${`${r.seconds} s`.padStart(6)}  ${r.cpuPerRequestUs.toFixed(1).padStart(14)}  ${`${r.latenessP99.toFixed(2)} ms`.padStart(17)}  ${`${r.loopP99.toFixed(2)} ms`.padStart(14)}`,
  );
const ratio = marginal('on') / marginal('off');
const whole = of('on', SECONDS, 'cpuPerRequestUs') / of('off', SECONDS, 'cpuPerRequestUs');
console.log(
  `\nCPU per request at the margin (start-up out): off ${marginal('off').toFixed(1)} µs, on ${marginal('on').toFixed(1)} µs; on/off ${ratio.toFixed(3)} (goal <= 1.10: ${ratio <= 1.1 ? 'met' : 'MISSED'})`,
);
console.log(
  `CPU per request over the ${SECONDS} s runs (start-up in): off ${of('off', SECONDS, 'cpuPerRequestUs').toFixed(1)} µs, on ${of('on', SECONDS, 'cpuPerRequestUs').toFixed(1)} µs; on/off ${whole.toFixed(3)}`,
);
console.log(
  `median send lateness p99 (${SECONDS} s runs): off ${of('off', SECONDS, 'latenessP99').toFixed(2)} ms, on ${of('on', SECONDS, 'latenessP99').toFixed(2)} ms`,
);
