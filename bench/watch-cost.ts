/**
 * What watching the server and pushing to Prometheus cost the generator: lptf at 1000/s against
 * a loopback target, with `--watch-pid` on the target, `--watch-node-exporter` and
 * `--prometheus-rw` on, against the same run with them off, alternating, ROUNDS times each, in
 * one run. It prints the generator's CPU per request (from summary.json: the whole process,
 * every thread), its send lateness p99 and event-loop delay p99, the medians, and the ratio
 * on/off. The goal is a ratio of 1.10 or less.
 *
 * Uses Debian's prometheus and prometheus-node-exporter when installed (.ci/run installs them);
 * otherwise a loopback sink that accepts the pushes, and no node exporter.
 *
 * Run: npm run bench:watch   (BENCH_SECONDS=20 BENCH_ROUNDS=5 for longer; defaults 10 and 3)
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
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
    if (await fetch(ready).then((r) => r.ok, () => false)) return;
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
  readonly cpuPerRequestUs: number;
  readonly latenessP99: number;
  readonly loopP99: number;
}

async function run(config: Row['config'], round: number): Promise<Row> {
  const out = join(work, `${config}-${round}`);
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
    [CLI, 'run', `http://127.0.0.1:${port}/`, '-r', String(RATE), '-d', `${SECONDS}s`, '-q', '-o', out, ...watch],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await once(child, 'close');
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  return {
    config,
    cpuPerRequestUs: s.generator.cpuPerRequestUs ?? Number.NaN,
    latenessP99: s.generator.latenessMs.p99 ?? Number.NaN,
    loopP99: s.generator.eventLoopDelayMs.p99,
  };
}

const rows: Row[] = [];
for (let round = 0; round < ROUNDS; round++)
  for (const config of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const))
    rows.push(await run(config, round));
for (const c of children) c.kill();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const of = (config: Row['config'], key: keyof Omit<Row, 'config'>): number =>
  median(rows.filter((r) => r.config === config).map((r) => r[key]));

console.log(
  `lptf at ${RATE}/s for ${SECONDS} s, ${ROUNDS} rounds each; on = --watch-pid (the target)${nodeExporter ? ' + --watch-node-exporter' : ''} + --prometheus-rw to ${receiver}\n`,
);
console.log('config  CPU µs/request  send lateness p99  event-loop p99');
for (const r of rows)
  console.log(
    `${r.config.padEnd(6)}  ${r.cpuPerRequestUs.toFixed(1).padStart(14)}  ${`${r.latenessP99.toFixed(2)} ms`.padStart(17)}  ${`${r.loopP99.toFixed(2)} ms`.padStart(14)}`,
  );
const ratio = of('on', 'cpuPerRequestUs') / of('off', 'cpuPerRequestUs');
console.log(
  `\nmedian CPU per request: off ${of('off', 'cpuPerRequestUs').toFixed(1)} µs, on ${of('on', 'cpuPerRequestUs').toFixed(1)} µs; on/off ${ratio.toFixed(3)} (goal <= 1.10: ${ratio <= 1.1 ? 'met' : 'MISSED'})`,
);
console.log(
  `median send lateness p99: off ${of('off', 'latenessP99').toFixed(2)} ms, on ${of('on', 'latenessP99').toFixed(2)} ms`,
);
