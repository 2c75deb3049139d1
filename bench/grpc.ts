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
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lptfRun, machineLine, printSideBySide, SECS, type SideRow, startExample } from './load/side-by-side.js';
import { measured } from './load/tools.js';

const CONCURRENCY = 50;
const PROTO = fileURLToPath(new URL('../examples/load/grpc/hello.proto', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-grpc-'));
const server = await startExample('grpc-server.mjs', /on (http:\/\/\S+)/);

async function bare(): Promise<SideRow> {
  const loop = fileURLToPath(new URL('./load/bare-grpc-loop.mjs', import.meta.url));
  const r = await measured([process.execPath, loop, server.url, PROTO, String(CONCURRENCY), String(SECS)]);
  const j = JSON.parse(r.stdout) as { calls: number; seconds: number };
  return { tool: 'bare @grpc/grpc-js loop (floor)', done: j.calls, seconds: j.seconds, cpuMs: r.cpuMs };
}

async function lptf(): Promise<SideRow> {
  const { result, cpuMs } = await lptfRun(
    [
      server.url,
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
    ],
    join(work, 'lptf'),
  );
  return { tool: 'lptf --protocol grpc', done: result.requests.ok, seconds: result.elapsedSec, cpuMs };
}

console.log(
  machineLine(
    `target: the Greeter example (Node, @grpc/grpc-js) on loopback; ${CONCURRENCY} unary calls in flight on one channel, closed loop`,
  ),
);
try {
  const rows = [await bare(), await lptf()];
  printSideBySide('call', rows, rows[1] as SideRow);
} finally {
  server.stop();
}
