// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// Nothing lost: a run writing to --out marks the folder incomplete until every file is written,
// and saves its figures so far every --checkpoint; killed with SIGKILL, it leaves the marker and
// its last checkpoint, which lptf report renders as an interrupted run.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';
import { assertExitIsVerdict, readSummary } from './helpers/verdict.js';

let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 2 });
});
after(() => target?.close());

test('a run killed with SIGKILL leaves its last checkpoint and the marker; lptf report renders it, marked', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-killed-'));
  const child = spawn(
    process.execPath,
    [CLI, 'run', target.url, '-r', '100', '-d', '60s', '-o', out, '--checkpoint', '1s', '-q'],
    {
      stdio: 'ignore',
    },
  );
  // Until the second checkpoint (the first may be from second 1).
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    await sleep(200);
    const text = existsSync(join(out, 'measure.json')) ? await readFile(join(out, 'measure.json'), 'utf8') : '';
    if (text && JSON.parse(text).checkpoint.atSec >= 2.5) break;
  }
  child.kill('SIGKILL');
  await once(child, 'exit');
  const files = (await readdir(out)).sort();
  assert.deepEqual(
    files,
    ['incomplete.json', 'measure.json'],
    'no temporary file, no report: the marker and the checkpoint',
  );
  const marker = JSON.parse(await readFile(join(out, 'incomplete.json'), 'utf8'));
  assert.equal(marker.schema, 'lptf.incomplete/1');
  const saved = JSON.parse(await readFile(join(out, 'measure.json'), 'utf8'));
  const report = await lptf(['report', out, '--format', 'text', '--lang', 'en']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(
    report.stdout,
    new RegExp(`This run did not finish: these figures are its last checkpoint, at ${saved.checkpoint.atSec} s`),
  );
  assert.match(report.stdout, /INTERRUPTED after/);
  // The figures are the checkpoint's: every request it counted, none invented.
  const json = JSON.parse((await lptf(['report', out, '--format', 'json'])).stdout);
  assert.equal(json.requests.sent, saved.recorder.overall.sent);
  assert.ok(json.requests.sent >= 150, `${json.requests.sent} sent by the checkpoint`);
  // A new run into that folder needs --overwrite, and then leaves no trace of the killed one.
  const again = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-o', out, '-q']);
  assert.equal(again.code, 2);
  const replaced = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-o', out, '-q', '--overwrite']);
  assertExitIsVerdict(replaced, await readSummary(out));
  assert.deepEqual((await readdir(out)).sort(), ['measure.json', 'report.md', 'summary.json']);
  const whole = JSON.parse(await readFile(join(out, 'measure.json'), 'utf8'));
  assert.equal(whole.checkpoint, undefined, 'the finished run wrote its own measure.json, not a checkpoint');
});

test('--checkpoint needs --out and a duration', async () => {
  const r = await lptf(['run', target.url, '-r', '20', '-d', '1s', '--checkpoint', '1s']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /checkpoints are files: give --out <dir> too/);
  const bad = await lptf([
    'run',
    target.url,
    '-r',
    '20',
    '-d',
    '1s',
    '--checkpoint',
    'soon',
    '-o',
    await mkdtemp(join(tmpdir(), 'lptf-cp-')),
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--checkpoint/);
});

test('one live run per folder: a second run into it is refused (exit 2), --overwrite or not, and leaves its files; a dead run’s marker is stale (N62)', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-owner-'));
  const first = lptf(['run', target.url, '-r', '20', '-d', '3s', '-q', '-o', out]);
  // Until the first run has marked the folder.
  for (let i = 0; i < 100 && !existsSync(join(out, 'incomplete.json')); i++) await sleep(50);
  for (const extra of [[], ['--overwrite']]) {
    const second = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-q', '-o', out, ...extra]);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /another run writes here now \(pid \d+, started 20\d\d-/);
  }
  const done = await first;
  assert.equal(done.code, 0, done.stderr);
  const result = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { requests: { sent: number } };
  assert.equal(result.requests.sent, 60, "the first run's results, whole");
  assert.ok(!existsSync(join(out, 'incomplete.json')));
  // A marker left by a run that is gone (a pid no process has) does not hold the folder.
  const dead = spawn(process.execPath, ['-e', '0']);
  await once(dead, 'exit');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    join(out, 'incomplete.json'),
    JSON.stringify({ schema: 'lptf.incomplete/1', pid: dead.pid, startedAt: '2026-01-01T00:00:00.000Z' }),
  );
  const again = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-q', '-o', out, '--overwrite']);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(!existsSync(join(out, 'incomplete.json')));
});

test('an --out folder that cannot be made is exit 2 before any traffic, not a hang (Node spins on /proc/nope) nor a stack', {
  timeout: 30_000,
}, async () => {
  const before = (await target.arrivals()).length;
  const file = join(await mkdtemp(join(tmpdir(), 'lptf-out-file-')), 'file');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, 'x');
  for (const [out, code] of [
    ['/proc/nope/deeper', 'ENOENT'],
    [join(file, 'sub'), 'ENOTDIR'],
  ] as const) {
    const r = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-q', '-o', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`--out: cannot write results to "${out}": ${code}`), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  assert.equal((await target.arrivals()).length, before, 'nothing was sent');
});
