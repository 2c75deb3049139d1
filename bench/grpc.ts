/**
 * gRPC unary calls, closed loop, side by side in one run against the same server (the Greeter
 * example, examples/load/grpc-server.mjs, in its own process): a bare @grpc/grpc-js client loop
 * (the floor a Node client can reach) and lptf `--protocol grpc --connections`, each with the same
 * calls in flight on one channel. Prints calls/s and CPU per call (whole process, start-up
 * included, read from outside by bash's `times`) with lptf's ratios; paste the output into
 * bench/RESULTS.md with the date.
 *
 * Run: npm run bench:grpc   (BENCH_QUICK=1 for 3 s runs)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';
import { measured } from './load/tools.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const SECS = process.env['BENCH_QUICK'] === '1' ? 3 : 10;
const CONCURRENCY = 50;
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-grpc-'));
const PROTO = here('../examples/load/grpc/hello.proto');
const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

interface Row {
  readonly tool: string;
  readonly calls: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

const server = spawn(process.execPath, [here('../examples/load/grpc-server.mjs')], {
  env: { ...process.env, PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  server.stdout.on('data', (c: Buffer) => {
    const m = /on (http:\/\/\S+)/.exec(c.toString());
    if (m) resolve(m[1] as string);
  });
  server.once('exit', (code) => reject(new Error(`the Greeter server exited (${code}) before it listened`)));
});

async function bare(): Promise<Row> {
  const r = await measured([
    process.execPath,
    here('./load/bare-grpc-loop.mjs'),
    url,
    PROTO,
    String(CONCURRENCY),
    String(SECS),
  ]);
  const j = JSON.parse(r.stdout) as { calls: number; seconds: number };
  return { tool: 'bare @grpc/grpc-js loop (floor)', ...j, cpuMs: r.cpuMs };
}

async function lptf(): Promise<Row> {
  const dir = join(work, 'lptf');
  const r = await measured([
    process.execPath,
    here('../dist/cli/main.js'),
    'run',
    url,
    '--protocol',
    'grpc',
    '--grpc-proto',
    PROTO,
    '--grpc-method',
    'lptf.example.Greeter/SayHello',
    '--grpc-message',
    '{"name": "user {{seq}}"}',
    '--connections',
    String(CONCURRENCY),
    '-d',
    `${SECS}s`,
    '--quiet',
    '--check',
    'error_rate <= 100%',
    '-o',
    dir,
  ]);
  if (r.code !== 0) throw new Error(`lptf exited ${r.code}: ${r.stderr}`);
  const result = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunResult;
  return { tool: 'lptf --protocol grpc', calls: result.requests.ok, seconds: result.elapsedSec, cpuMs: r.cpuMs };
}

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; target: the Greeter example (Node, @grpc/grpc-js) on loopback; ${CONCURRENCY} unary calls in flight on one channel, closed loop, ${SECS} s each.\n`,
);
try {
  const rows = [await bare(), await lptf()];
  const [floor, ours] = rows as [Row, Row];
  const rate = (r: Row): number => r.calls / r.seconds;
  const cpu = (r: Row): number => (r.cpuMs * 1000) / r.calls;
  console.log('| tool | calls/s | CPU µs per call |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.tool} | ${fmt(rate(r), 0)} | ${fmt(cpu(r))} |`);
  console.log(
    `\nlptf ÷ bare @grpc/grpc-js loop: calls/s ×${fmt(rate(ours) / rate(floor), 2)}, CPU per call ×${fmt(cpu(ours) / cpu(floor), 2)}`,
  );
} finally {
  server.kill();
}
