/**
 * HTTP/2 closed loop, side by side in one run against the same Debian nginx (one worker, h2c on
 * loopback): h2load (nghttp2's C client), a bare Node `http2` loop (the floor a Node client can
 * reach) and lptf `--protocol http2`, each with 10 connections × 10 streams in flight. Prints
 * req/s and CPU per request (whole process, start-up included, read from outside by bash's
 * `times`) with lptf's ratios to each; paste the output into bench/RESULTS.md with the date.
 *
 * Run: npm run bench:h2   (needs nginx and h2load: sudo apt-get install nginx nghttp2-client;
 * BENCH_QUICK=1 for 3 s runs)
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';
import { NGINX_PATHS, startNginx } from './load/nginx.js';
import { has, measured } from './load/tools.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const SECS = process.env['BENCH_QUICK'] === '1' ? 3 : 10;
const CONNECTIONS = 10;
const STREAMS = 10;
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-h2-'));
const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

const ngx = await startNginx(join(work, 'nginx'));
if (!ngx) throw new Error(`bench:h2 needs nginx (looked in ${NGINX_PATHS.join(', ')}): sudo apt-get install nginx`);
if (!has('h2load')) throw new Error('bench:h2 needs h2load: sudo apt-get install nghttp2-client');
const url = `${ngx.h2cUrl}/`;

interface Row {
  readonly tool: string;
  readonly requests: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

async function h2load(): Promise<Row> {
  const r = await measured(['h2load', '-c', String(CONNECTIONS), '-m', String(STREAMS), '-D', String(SECS), url]);
  const done = Number(/(\d+) succeeded/.exec(r.stdout)?.[1]);
  const secs = Number(/finished in ([\d.]+)s/.exec(r.stdout)?.[1]);
  return { tool: 'h2load (C, nghttp2)', requests: done, seconds: secs, cpuMs: r.cpuMs };
}

async function bare(): Promise<Row> {
  const r = await measured([
    process.execPath,
    here('./load/bare-h2-loop.mjs'),
    url,
    String(CONNECTIONS),
    String(STREAMS),
    String(SECS),
  ]);
  const j = JSON.parse(r.stdout) as { requests: number; seconds: number };
  return { tool: 'bare Node http2 loop (floor)', ...j, cpuMs: r.cpuMs };
}

async function lptf(): Promise<Row> {
  const dir = join(work, 'lptf');
  const r = await measured([
    process.execPath,
    here('../dist/cli/main.js'),
    'run',
    url,
    '--protocol',
    'http2',
    '--connections',
    String(CONNECTIONS * STREAMS),
    '--h2-connections',
    String(CONNECTIONS),
    '--h2-streams',
    String(STREAMS),
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
  return { tool: 'lptf --protocol http2', requests: result.requests.ok, seconds: result.elapsedSec, cpuMs: r.cpuMs };
}

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; target: nginx h2c, one worker, on loopback; ${CONNECTIONS} connections × ${STREAMS} streams, closed loop, ${SECS} s each.\n`,
);
try {
  const rows = [await h2load(), await bare(), await lptf()];
  const [peer, floor, ours] = rows as [Row, Row, Row];
  const rps = (r: Row): number => r.requests / r.seconds;
  const cpu = (r: Row): number => (r.cpuMs * 1000) / r.requests;
  console.log('| tool | req/s | CPU µs per request |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.tool} | ${fmt(rps(r), 0)} | ${fmt(cpu(r))} |`);
  console.log(
    `\nlptf ÷ h2load: req/s ×${fmt(rps(ours) / rps(peer), 2)}, CPU per request ×${fmt(cpu(ours) / cpu(peer), 2)}; lptf ÷ bare Node loop: req/s ×${fmt(rps(ours) / rps(floor), 2)}, CPU per request ×${fmt(cpu(ours) / cpu(floor), 2)}`,
  );
} finally {
  await ngx.stop();
}
