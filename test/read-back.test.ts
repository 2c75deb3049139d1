// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// Files lptf reads back are checked, never trusted: crafted measure.json and summary.json files
// (wrong types, a huge second index, a corrupt or inflating histogram, maps with 20,000 keys) make
// merge, report and compare exit 2, naming the field, with no stack trace and in bounded time.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { anyVerdict, type CliRun, lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';

let target: Target;
let run: string;
before(async () => {
  target = await startTarget({ delayMs: 2 });
  run = await mkdtemp(join(tmpdir(), 'lptf-readback-'));
  const r = await lptf(['run', target.url, '-r', '50', '-d', '1s', '-o', run, '-q']);
  // Any verdict will do: these tests need the files a finished run writes.
  assert.ok(anyVerdict(r.code), r.stderr);
});
after(() => target?.close());

// biome-ignore lint/suspicious/noExplicitAny: a crafted file is changed at any depth, on purpose untyped
type Json = Record<string, any>;

/** A copy of the run folder with one file changed. */
async function crafted(file: 'measure.json' | 'summary.json', change: (j: Json) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-crafted-'));
  await cp(run, dir, { recursive: true });
  const j = JSON.parse(await readFile(join(dir, file), 'utf8')) as Json;
  change(j);
  await writeFile(join(dir, file), JSON.stringify(j));
  return dir;
}

/** Refused as bad input: exit 2, the field named, no stack trace. */
function refused(r: CliRun, field: RegExp): void {
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, field);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

/** A compressed V2 histogram of 22 kB whose content inflates to 16 MB of zeros. */
function inflatingHistogram(): string {
  const payload = deflateSync(Buffer.alloc(16 << 20), { level: 9 });
  const head = Buffer.alloc(8);
  head.writeInt32BE(0x1c849314, 0);
  head.writeInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]).toString('base64');
}

test('lptf merge refuses a crafted measure.json field by field', async () => {
  const cases: [string, (j: Json) => void, RegExp][] = [
    [
      'a second far past the run',
      (j) => (j.recorder.seconds[0].second = 1e12),
      /recorder\.seconds\.0\.second: 1000000000000 is not a second of this run/,
    ],
    ['a count as text', (j) => (j.recorder.overall.sent = '12'), /recorder\.overall\.sent: .*number/],
    ['a negative count', (j) => (j.recorder.overall.ok = -1), /recorder\.overall\.ok: .*>=0/],
    ['a count of NaN', (j) => (j.recorder.overall.failed = 'NaN'), /recorder\.overall\.failed/],
    [
      'a corrupt histogram',
      (j) => (j.recorder.overall.latency.hdr = 'AAAAAAAA'),
      /recorder\.overall\.latency\.hdr: not a histogram lptf can read/,
    ],
    [
      'a histogram that disagrees with its count',
      (j) => (j.recorder.overall.latency.count += 5),
      /recorder\.overall\.latency\.hdr: the histogram holds \d+ values, the count beside it says \d+/,
    ],
    [
      'a histogram that inflates to 16 MB',
      (j) => (j.recorder.overall.service.hdr = inflatingHistogram()),
      /recorder\.overall\.service\.hdr: not a histogram lptf can read: .*buffer/i,
    ],
    [
      '20,000 error kinds',
      (j) => (j.recorder.overall.errors = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]))),
      /recorder\.overall\.errors: more than 10000 keys/,
    ],
    ['no recorder', (j) => delete j.recorder, /measure\.json recorder: missing/],
  ];
  for (const [what, change, field] of cases) {
    const started = Date.now();
    refused(await lptf(['merge', await crafted('measure.json', change)]), field);
    assert.ok(Date.now() - started < 15_000, `${what}: ${Date.now() - started} ms`);
  }
});

test('lptf report and lptf compare refuse a crafted summary.json field by field', async () => {
  const cases: [(j: Json) => void, RegExp][] = [
    [(j) => (j.checks[0].actual = 'NaN'), /summary\.json checks\.0\.actual/],
    [(j) => (j.checks[0].metric.kind = 'bogus'), /summary\.json checks\.0\.metric\.kind/],
    [(j) => delete j.requests, /summary\.json requests: missing/],
    [(j) => (j.requests.ok = 1.5), /summary\.json requests\.ok/],
    [(j) => (j.series = 'x'.repeat(10)), /summary\.json series/],
    [(j) => (j.meta.lang = 'fr'), /summary\.json meta\.lang/],
  ];
  for (const [change, field] of cases) {
    const dir = await crafted('summary.json', change);
    refused(await lptf(['report', dir, '--format', 'text']), field);
    refused(await lptf(['compare', run, dir]), field);
  }
  // The real one still reads.
  assert.equal((await lptf(['report', run, '--format', 'text'])).code, 0);
});

test('results past what lptf reads back are refused before they are read or parsed: a summary of a longer series than any run writes, a merge past 256 MB in all (N56, N53)', async () => {
  // 600,000 seconds: more than the longest run lptf sends (6 days and its last answer's hour).
  const long = await crafted('summary.json', (j) => {
    const second = j.series[0];
    j.series = Array.from({ length: 600_000 }, (_, i) => ({ ...second, second: i + 1 }));
  });
  refused(await lptf(['report', long, '--format', 'text']), /summary\.json series: more than 522002 items/);
  // A merge reads at most 256 MB in all: a measure.json padded to 200 MB twice passes it.
  const { truncate } = await import('node:fs/promises');
  const a = await crafted('measure.json', () => undefined);
  const b = await crafted('measure.json', () => undefined);
  // Whitespace after the JSON: a valid file of 200 MB that costs no memory to make.
  for (const dir of [a, b]) await truncate(join(dir, 'measure.json'), 200 * 2 ** 20);
  const r = await lptf(['merge', a, b]);
  refused(r, /measure\.json: 200 MB would pass the 256 MB of results one command reads \(200 MB read already\)/);
});
