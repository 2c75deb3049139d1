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
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';
import { measured } from './load/tools.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const SECS = process.env['BENCH_QUICK'] === '1' ? 3 : 10;
const CONCURRENCY = 20;
const MESSAGES = 3;
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-ws-'));
const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

interface Row {
  readonly tool: string;
  readonly sessions: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

const server = spawn(process.execPath, [here('../examples/load/ws-server.mjs')], {
  env: { ...process.env, PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  server.stdout.on('data', (c: Buffer) => {
    const m = /at (ws:\/\/\S+)/.exec(c.toString());
    if (m) resolve((m[1] as string).replace(/^ws/, 'http'));
  });
  server.once('exit', (code) => reject(new Error(`the chat server exited (${code}) before it listened`)));
});

async function bare(): Promise<Row> {
  const r = await measured([
    process.execPath,
    here('./load/bare-ws-loop.mjs'),
    url,
    String(CONCURRENCY),
    String(MESSAGES),
    String(SECS),
  ]);
  const j = JSON.parse(r.stdout) as { sessions: number; seconds: number };
  return { tool: 'bare `ws` loop (floor)', ...j, cpuMs: r.cpuMs };
}

async function lptf(): Promise<Row> {
  const dir = join(work, 'lptf');
  const r = await measured([
    process.execPath,
    here('../dist/cli/main.js'),
    'run',
    url,
    '--protocol',
    'ws',
    '--ws-send',
    '{"type":"join"}',
    '--ws-send',
    '{"type":"say","text":"hi"}',
    '--ws-send',
    '{"type":"leave"}',
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
  // A session is its connect, recorded in the arrival's group; its messages are `default.<n>`.
  const sessions = result.groups['default']?.requests.ok ?? 0;
  return { tool: 'lptf --protocol ws', sessions, seconds: result.elapsedSec, cpuMs: r.cpuMs };
}

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; target: the chat example (Node, \`ws\`) on loopback; ${CONCURRENCY} sessions in flight, each a connect and ${MESSAGES} messages, closed loop, ${SECS} s each.\n`,
);
try {
  const rows = [await bare(), await lptf()];
  const [floor, ours] = rows as [Row, Row];
  const rate = (r: Row): number => r.sessions / r.seconds;
  const cpu = (r: Row): number => (r.cpuMs * 1000) / r.sessions;
  console.log('| tool | sessions/s | CPU µs per session |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.tool} | ${fmt(rate(r), 0)} | ${fmt(cpu(r))} |`);
  console.log(
    `\nlptf ÷ bare \`ws\` loop: sessions/s ×${fmt(rate(ours) / rate(floor), 2)}, CPU per session ×${fmt(cpu(ours) / cpu(floor), 2)}`,
  );
} finally {
  server.kill();
}
