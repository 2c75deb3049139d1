// What the protocol benchmarks (bench/h2.ts, ws.ts, grpc.ts) share: the run length, the example
// server in its own process, lptf's own run measured from outside, and the table with lptf's ratios.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/load/result/index.js';
import { measured } from './tools.js';

/** Each tool's run: 10 s, or 3 s with BENCH_QUICK=1. */
export const SECS = process.env['BENCH_QUICK'] === '1' ? 3 : 10;

/** One tool's closed-loop run: how many units it completed, in how long, at what CPU (its whole process). */
export interface SideRow {
  readonly tool: string;
  readonly done: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

/** The machine and the setup, the first line of a benchmark's output. */
export function machineLine(setup: string): string {
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${setup}, ${SECS} s each.\n`;
}

/**
 * An example server (examples/load/*.mjs) in its own process, on a port of its choosing; resolves
 * once it prints the line `listening` matches, with what its first group holds (the URL).
 */
export async function startExample(script: string, listening: RegExp): Promise<{ readonly url: string; stop(): void }> {
  const server = spawn(process.execPath, [fileURLToPath(new URL(`../../examples/load/${script}`, import.meta.url))], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (c: Buffer) => {
      const m = listening.exec(c.toString());
      if (m) resolve(m[1] as string);
    });
    server.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)));
  });
  return { url, stop: () => server.kill() };
}

/** lptf's CLI (built) with `args` for SECS into `dir`, measured from outside as every tool is; its summary. */
export async function lptfRun(args: readonly string[], dir: string): Promise<{ result: RunResult; cpuMs: number }> {
  const r = await measured([
    process.execPath,
    fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)),
    'run',
    ...args,
    '-d',
    `${SECS}s`,
    '--quiet',
    '--check',
    'error_rate <= 100%',
    '-o',
    dir,
  ]);
  if (r.code !== 0) throw new Error(`lptf exited ${r.code}: ${r.stderr}`);
  return { result: JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunResult, cpuMs: r.cpuMs };
}

/**
 * Prints the rows as a Markdown table (rate and CPU per unit) and lptf's ratios to each other row:
 * what bench/RESULTS.md keeps, with the date.
 *
 * @param unit what a row counts, singular: `request`, `session`, `call`
 */
export function printSideBySide(unit: string, rows: readonly SideRow[], ours: SideRow): void {
  const rate = (r: SideRow): number => r.done / r.seconds;
  const cpu = (r: SideRow): number => (r.cpuMs * 1000) / r.done;
  const per = unit === 'request' ? 'req' : `${unit}s`;
  console.log(`| tool | ${per}/s | CPU µs per ${unit} |\n|---|---|---|`);
  for (const r of rows) console.log(`| ${r.tool} | ${fmt(rate(r), 0)} | ${fmt(cpu(r))} |`);
  const ratios = rows
    .filter((r) => r !== ours)
    .map(
      (r) =>
        `lptf ÷ ${r.tool.replace(/ \(.*\)$/, '')}: ${per}/s ×${fmt(rate(ours) / rate(r), 2)}, CPU per ${unit} ×${fmt(cpu(ours) / cpu(r), 2)}`,
    );
  console.log(`\n${ratios.join('; ')}`);
}
