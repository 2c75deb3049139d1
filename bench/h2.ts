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
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NGINX_PATHS, startNginx } from './load/nginx.js';
import { lptfRun, machineLine, printSideBySide, SECS, type SideRow } from './load/side-by-side.js';
import { has, measured } from './load/tools.js';

const CONNECTIONS = 10;
const STREAMS = 10;
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-h2-'));

const ngx = await startNginx(join(work, 'nginx'));
if (!ngx) throw new Error(`bench:h2 needs nginx (looked in ${NGINX_PATHS.join(', ')}): sudo apt-get install nginx`);
if (!has('h2load')) throw new Error('bench:h2 needs h2load: sudo apt-get install nghttp2-client');
const url = `${ngx.h2cUrl}/`;

async function h2load(): Promise<SideRow> {
  const r = await measured(['h2load', '-c', String(CONNECTIONS), '-m', String(STREAMS), '-D', String(SECS), url]);
  const done = Number(/(\d+) succeeded/.exec(r.stdout)?.[1]);
  const secs = Number(/finished in ([\d.]+)s/.exec(r.stdout)?.[1]);
  return { tool: 'h2load (C, nghttp2)', done, seconds: secs, cpuMs: r.cpuMs };
}

async function bare(): Promise<SideRow> {
  const loop = fileURLToPath(new URL('./load/bare-h2-loop.mjs', import.meta.url));
  const r = await measured([process.execPath, loop, url, String(CONNECTIONS), String(STREAMS), String(SECS)]);
  const j = JSON.parse(r.stdout) as { requests: number; seconds: number };
  return { tool: 'bare Node http2 loop (floor)', done: j.requests, seconds: j.seconds, cpuMs: r.cpuMs };
}

async function lptf(): Promise<SideRow> {
  const { result, cpuMs } = await lptfRun(
    [
      url,
      '--protocol',
      'http2',
      '--connections',
      String(CONNECTIONS * STREAMS),
      '--h2-connections',
      String(CONNECTIONS),
      '--h2-streams',
      String(STREAMS),
    ],
    join(work, 'lptf'),
  );
  return { tool: 'lptf --protocol http2', done: result.requests.ok, seconds: result.elapsedSec, cpuMs };
}

console.log(
  machineLine(
    `target: nginx h2c, one worker, on loopback; ${CONNECTIONS} connections × ${STREAMS} streams, closed loop`,
  ),
);
try {
  const rows = [await h2load(), await bare(), await lptf()];
  printSideBySide('request', rows, rows[2] as SideRow);
} finally {
  await ngx.stop();
}
