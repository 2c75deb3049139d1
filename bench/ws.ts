/**
 * WebSocket sessions, closed loop, side by side in one run against the same server (the chat
 * example, examples/load/ws-server.mjs, in its own process): a bare `ws` client loop (the floor a
 * Node client can reach) and lptf `--protocol ws --connections`, each with the same sessions in
 * flight, each session a connect and 3 messages, each sent on the reply to the one before. Prints
 * sessions/s and CPU per session (whole process, start-up included, read from outside by bash's
 * `times`) with lptf's ratios; paste the output into bench/RESULTS.md with the date.
 *
 * Run: npm run bench:ws   (BENCH_QUICK=1 for 3 s runs)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lptfRun, machineLine, printSideBySide, SECS, type SideRow, startExample } from './load/side-by-side.js';
import { measured } from './load/tools.js';

const CONCURRENCY = 20;
const MESSAGES = ['{"type":"join"}', '{"type":"say","text":"hi"}', '{"type":"leave"}'];
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-ws-'));
const server = await startExample('ws-server.mjs', /at (ws:\/\/\S+)/);
// lptf opens a session from the http:// URL (--protocol ws); the bare loop takes it alike.
const url = server.url.replace(/^ws/, 'http');

async function bare(): Promise<SideRow> {
  const loop = fileURLToPath(new URL('./load/bare-ws-loop.mjs', import.meta.url));
  const r = await measured([process.execPath, loop, url, String(CONCURRENCY), String(MESSAGES.length), String(SECS)]);
  const j = JSON.parse(r.stdout) as { sessions: number; seconds: number };
  return { tool: 'bare `ws` loop (floor)', done: j.sessions, seconds: j.seconds, cpuMs: r.cpuMs };
}

async function lptf(): Promise<SideRow> {
  const sends = MESSAGES.flatMap((m) => ['--ws-send', m]);
  const { result, cpuMs } = await lptfRun(
    [url, '--protocol', 'ws', ...sends, '--connections', String(CONCURRENCY)],
    join(work, 'lptf'),
  );
  // A session is its connect, recorded in the arrival's group; its messages are `default.<n>`.
  const sessions = result.groups['default']?.requests.ok ?? 0;
  return { tool: 'lptf --protocol ws', done: sessions, seconds: result.elapsedSec, cpuMs };
}

console.log(
  machineLine(
    `target: the chat example (Node, \`ws\`) on loopback; ${CONCURRENCY} sessions in flight, each a connect and ${MESSAGES.length} messages, closed loop`,
  ),
);
try {
  const rows = [await bare(), await lptf()];
  printSideBySide('session', rows, rows[1] as SideRow);
} finally {
  server.stop();
}
