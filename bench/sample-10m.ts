/**
 * Samples 3000 lines from a generated 10-million-line case file with `lptf cases sample` and
 * prints the sampler's peak RSS and time, next to its RSS on a 100-thousand-line file: memory
 * must stay flat whatever the file's size.
 *
 * Run: npm run bench:sample   (LINES=… to change the size; the file is written to a temp folder)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const LINES = Number(process.env['LINES'] ?? 10_000_000);
const dir = await mkdtemp(join(tmpdir(), 'lptf-sample-bench-'));

async function writeFileOf(lines: number, name: string): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  for (let i = 0; i < lines; i++) {
    if (!out.write(`{"type": 7, "slot_list": [{"key": "parcel_no", "value": "SF${String(i).padStart(10, '0')}"}]}\n`))
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

async function sample(path: string): Promise<{ rssMB: number; seconds: number }> {
  const usage = join(dir, 'usage.json');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      here('./usage-probe.mjs'),
      here('../dist/cli/main.js'),
      'cases',
      'sample',
      path,
      '--count',
      '3000',
      '-o',
      join(dir, 'sample.jsonl'),
    ],
    {
      env: { ...process.env, LPTF_USAGE_OUT: usage },
      stdio: 'inherit',
    },
  );
  await once(child, 'close');
  const u = JSON.parse(await readFile(usage, 'utf8')) as { maxRssMB: number };
  return { rssMB: u.maxRssMB, seconds: (performance.now() - started) / 1000 };
}

const small = await sample(await writeFileOf(100_000, 'small.jsonl'));
const bigPath = await writeFileOf(LINES, 'big.jsonl');
const size = (await stat(bigPath)).size;
const big = await sample(bigPath);
console.log(`\n| file | size | peak RSS | time |\n|---|---:|---:|---:|`);
console.log(`| 100,000 lines | | ${small.rssMB.toFixed(1)} MB | ${small.seconds.toFixed(1)} s |`);
console.log(
  `| ${LINES.toLocaleString('en')} lines | ${(size / 1e6).toFixed(0)} MB | ${big.rssMB.toFixed(1)} MB | ${big.seconds.toFixed(1)} s |`,
);
await rm(dir, { recursive: true, force: true });
