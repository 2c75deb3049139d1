// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// A load file means what it says: a flag adds to its checks (or, asked to, replaces them, said),
// a flag that changes its shape is said exactly or refused, and --dry-run shows every field with
// where it came from and sends nothing.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isRunCheck } from '../src/core/checks/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';
import { assertTargetChecksPass, assertTargetFailed, readSummary } from './helpers/verdict.js';

const scratch = await packageScratch('plan-layers-');
let requests = 0;
// Answers after 5 ms: a p(95) <= 1ms check fails, an error_rate check passes.
const url = await loopbackServer((req, res) => {
  requests++;
  req.resume();
  req.on('end', () => setTimeout(() => res.end('ok'), 5));
});

async function loadFile(name: string, text: string): Promise<string> {
  const file = join(scratch, name);
  await writeFile(file, text.replaceAll('URL', url));
  return file;
}

test("a --check adds to the load file's checks: the file's failing check still fails the run", async () => {
  const file = await loadFile(
    'strict.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({ url: 'URL', rate: 20, duration: '1s', checks: ['p(95) <= 1ms'], scenarios: { a: { request: { path: '/a' } } } });
`,
  );
  const out = join(scratch, 'strict');
  const run = await lptf(['run', file, '--check', 'error_rate <= 1%', '-o', out]);
  assert.match(run.stderr, /checks add up: 1 from .*strict\.load\.ts: checks, 1 from --check/);
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assertTargetFailed(run, s);
  const byName = Object.fromEntries(s.checks.map((c) => [c.name, c.pass]));
  assert.equal(byName['p(95) <= 1ms'], false);
  assert.equal(byName['error_rate <= 1%'], true);
  // Asked to, the flag's checks replace the file's, and the headline names what they dropped.
  const replacedOut = join(scratch, 'replaced');
  const replaced = await lptf([
    'run',
    file,
    '-q',
    '--check',
    'error_rate <= 1%',
    '--replace-checks',
    '-o',
    replacedOut,
  ]);
  await assertTargetChecksPass(replaced, join(replacedOut, 'summary.json'));
  assert.deepEqual(
    (await readSummary(replacedOut)).checks.filter((c) => !isRunCheck(c)).map((c) => c.name),
    ['error_rate <= 1%'],
  );
  const headline = await lptf(['run', file, '--check', 'error_rate <= 1%', '--replace-checks', '--dry-run']);
  assert.match(
    headline.stdout,
    /--replace-checks: the checks of --check replace those of .*strict\.load\.ts: checks \(p\(95\) <= 1ms\)/,
  );
});

test('--dry-run prints every field with its value and where it came from, and sends nothing', async () => {
  const file = await loadFile(
    'ramp.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({ url: 'URL', stages: ['5s:100', '15s:100'], timeout: '2s', scenarios: { a: { weight: 3, request: { path: '/a' } }, b: { request: { path: '/b' } } } });
`,
  );
  const before = requests;
  const run = await lptf(['run', file, '--duration', '3s', '--dry-run'], { env: { LPTF_RUN_ID: 'dry-1' } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(requests, before, 'a dry run sent requests');
  const row = (field: string): string => run.stdout.split('\n').find((l) => l.startsWith(`${field} `)) ?? '';
  assert.match(row('url'), new RegExp(`${url.replace(/[.]/g, '\\.')}\\s+.*ramp\\.load\\.ts: url`));
  assert.match(row('duration'), /3s\s+--duration/);
  assert.match(row('timeout'), /2s\s+.*ramp\.load\.ts: timeout/);
  assert.match(row('maxInflight'), /1000\s+default --max-inflight/);
  assert.match(row('runId'), /dry-1\s+env LPTF_RUN_ID/);
  assert.match(row('checks'), /error_rate <= 1%\s+default --check/);
  assert.match(run.stdout, /delivered >= 95%\s+lptf: every run checks itself/);
  assert.match(run.stdout, /load: at 100\/s for 3s: 300 arrivals/);
  assert.match(run.stdout, /scenarios: a 75\.0%, b 25\.0%/);
  assert.match(
    run.stdout,
    /stages 5s:100, 15s:100 \(.*ramp\.load\.ts: stages\) → constant 100\/s for 3s \(the rate is the stages' peak; the duration of --duration\)/,
  );
});

test("a duration over a scenario's own stages is refused before any traffic: it would not shorten them", async () => {
  const file = await loadFile(
    'burst.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({ url: 'URL', rate: 10, duration: '2s', scenarios: { a: { request: { path: '/a' } }, burst: { stages: ['2s:10'], request: { path: '/b' } } } });
`,
  );
  const before = requests;
  const run = await lptf(['run', file, '-q', '--duration', '1s']);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /--duration: burst has stages of its own, which a duration does not shorten/);
  assert.equal(requests, before);
});
