// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// User code that never gives the event loop back (a check() that spins, a catastrophic regex)
// cannot take a run down or hold it past a signal (hostile round 3: N14, a wedged worker). On
// worker threads the main thread ends a wedged worker and keeps its last report; the other
// workers stop as a stop stops them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { CLI, lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('wedged-');
let answered = 0;
const url = await loopbackServer((_req, res) => {
  answered++;
  res.end('ok');
});

/**
 * A load file whose check() spins for ever at its `at`th call, on one thread: the main one, or
 * (`onWorker`) the first worker thread to get there (the one that makes the lock folder).
 */
async function spinningFile(name: string, onWorker: boolean, at: number): Promise<string> {
  const file = join(scratch, `${name}.load.ts`);
  const lock = join(scratch, `${name}.lock`);
  await writeFile(
    file,
    `import { mkdirSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { loadTest } from 'lptf/load';
let calls = 0;
const takes = () => { try { mkdirSync(${JSON.stringify(lock)}); return true; } catch { return false; } };
export default loadTest({
  url: '${url}',
  rate: 40,
  duration: '20s',
  scenarios: {
    spins: {
      request: { path: '/' },
      check: (res) => {
        if (isMainThread === ${!onWorker} && ++calls === ${at} && takes()) for (;;) {}
        return res.text === 'ok';
      },
    },
  },
});
`,
  );
  return file;
}

/** Runs the CLI; `signalAtMs` sends SIGTERM then. Resolves with how it ended and when. */
async function run(
  args: string[],
  signalAtMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string; ms: number; signalledMs?: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  let signalledMs: number | undefined;
  const timer =
    signalAtMs === undefined
      ? undefined
      : setTimeout(() => {
          signalledMs = performance.now() - started;
          child.kill('SIGTERM');
        }, signalAtMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  return { code, signal, stderr, ms: performance.now() - started, ...(signalledMs ? { signalledMs } : {}) };
}

const summary = async (out: string): Promise<RunResult> =>
  JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;

test('a worker wedged by its check() is ended 5 s after it fell silent; the other stops, and both keep what they reported', {
  timeout: 60_000,
}, async () => {
  // Each worker sends 20 a second: the first to make its 40th check, at about 2 s, never returns.
  const file = await spinningFile('silent', true, 40);
  const out = join(scratch, 'silent-out');
  const r = await run(['run', file, '-w', '2', '-q', '-o', out]);
  assert.ok(r.ms < 14_000, `took ${Math.round(r.ms)} ms of a 20 s plan`);
  // Not a signal's interruption: a run that did not go as planned for the generator's side (user code), inconclusive.
  assert.equal(r.code, 3, r.stderr);
  const s = await summary(out);
  assert.match(
    s.endedEarly ?? '',
    /worker thread \d of 2 stopped answering for [5-9]\.\d s \(user code that never returns\?\)/,
  );
  // What the wedged worker reported (about 2 s of its 20/s) and the other's whole share until the stop.
  assert.ok(s.requests.sent >= 100 && s.requests.sent <= answered, `${s.requests.sent} sent, ${answered} answered`);
  assert.equal(s.verdict, 'inconclusive');
  assert.ok(!s.checks.find((c) => c.name.startsWith('delivered'))?.pass, 'the plan was not delivered');
});

test('SIGTERM with a wedged worker: the run ends within 2.5 s with what was measured (exit 130)', {
  timeout: 60_000,
}, async () => {
  const file = await spinningFile('signalled', true, 40);
  const out = join(scratch, 'signalled-out');
  // About 1.5 s to start, the wedge 2 s later, the signal 1.5 s after that.
  const r = await run(['run', file, '-w', '2', '-q', '-o', out], 5000);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(
    r.signalledMs !== undefined && r.ms - r.signalledMs < 2500,
    `${Math.round(r.ms - (r.signalledMs ?? 0))} ms after SIGTERM`,
  );
  const s = await summary(out);
  assert.ok(s.interrupted);
  assert.ok(s.requests.sent >= 60, `${s.requests.sent} sent`);
});

test('on one thread, a check() that spins ends the run 5 s later by its watchdog, SIGTERM or not, its figures saved to the second (N14)', {
  timeout: 60_000,
}, async () => {
  // 40 a second: the 100th check, at 2.5 s, never returns; SIGTERM 1.5 s into the wedge (about
  // 1.5 s to start) cannot run on the held thread.
  const file = await spinningFile('one-thread', false, 100);
  const out = join(scratch, 'one-thread-out');
  const r = await run(['run', file, '-q', '-o', out], 5500);
  assert.equal(r.signal, 'SIGKILL', `exit ${r.code}: ${r.stderr}`);
  assert.ok(r.ms < 12_000, `took ${Math.round(r.ms)} ms of a 20 s plan`);
  assert.match(
    r.stderr,
    /^lptf: user code has held the run's event loop for 5 s \(a check\(\), .*\)\. Ended \(exit 137\)\. .*one-thread-out keeps its figures up to [1-3] s, marked incomplete: lptf report .*one-thread-out renders them\.\n$/,
  );
  const measure = JSON.parse(await readFile(join(out, 'measure.json'), 'utf8')) as {
    checkpoint?: { atSec: number };
    recorder: { overall: { sent: number } };
  };
  assert.ok(measure.checkpoint, 'saved as a checkpoint');
  // 40 a second until the wedge at about 2.5 s: the figures to the last whole second before it.
  assert.ok(measure.recorder.overall.sent >= 40, `${measure.recorder.overall.sent} sent`);
  const report = await lptf(['report', out, '--format', 'text']);
  assert.match(report.stdout, /This run did not finish: these figures are its last checkpoint/);
});

test('without --out a wedged run on one thread says its figures are lost, and how to keep them', {
  timeout: 60_000,
}, async () => {
  const file = await spinningFile('no-out', false, 40);
  const r = await run(['run', file, '-q']);
  assert.equal(r.signal, 'SIGKILL', `exit ${r.code}: ${r.stderr}`);
  assert.match(
    r.stderr,
    /\. Its figures are lost: with --out <dir> they are saved to the last second\. Ended \(exit 137\)\.\n$/,
  );
});
