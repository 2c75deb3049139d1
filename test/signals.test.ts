// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// Signals always stop a run, whatever it is doing: loading a large case file, waiting for
// --start-at, sending from worker threads. Each stops within a bounded time and says so by its
// exit code; a run that had begun still writes what it measured.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';

let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 1 });
});
after(() => target?.close());

/** Runs lptf, sends `signal` after `afterMs`, and says how long the process lasted after it. */
async function stopped(args: string[], afterMs: number, signal: NodeJS.Signals = 'SIGTERM') {
  const started = Date.now();
  const r = await lptf(args, { interruptAfterMs: afterMs, signal });
  return { ...r, afterSignalMs: Date.now() - started - afterMs };
}

test('SIGTERM while waiting for --start-at stops at once, exit 130, and says nothing was sent', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-sig-'));
  const at = String(Date.now() + 120_000);
  const r = await stopped(['run', target.url, '-r', '50', '-d', '10s', '--start-at', at, '-o', out, '-q'], 1500);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.afterSignalMs < 3000, `${r.afterSignalMs} ms after the signal`);
  assert.ok(existsSync(join(out, 'summary.json')), 'the (empty) run is still written');
  assert.ok(!existsSync(join(out, 'incomplete.json')), 'and the folder is whole');
});

test('SIGTERM while worker threads send stops them, exit 130, with what they measured', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-sig-'));
  const r = await stopped(['run', target.url, '-r', '200', '-d', '60s', '--workers', '2', '-o', out, '-q'], 2500);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.afterSignalMs < 5000, `${r.afterSignalMs} ms after the signal`);
  assert.match(r.stdout, /INTERRUPTED after/);
  assert.ok(existsSync(join(out, 'summary.json')) && !existsSync(join(out, 'incomplete.json')));
});

test('SIGTERM after the schedule, while arrivals queue behind --max-inflight for a target that never answers: exit 130 within 2 s, on one thread and on two (N1)', async () => {
  const { createServer } = await import('node:net');
  // Accepts and reads, never answers.
  const silent = createServer((socket) => socket.resume().on('error', () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/`;
  try {
    for (const threads of ['1', '2']) {
      const out = await mkdtemp(join(tmpdir(), 'lptf-sig-'));
      const args = ['run', url, '-r', '200', '-d', '1s', '--max-inflight', '20', '--timeout', '30s', '-w', threads];
      const r = await stopped([...args, '-o', out, '-q'], 2500);
      assert.equal(r.code, 130, `-w ${threads}: ${r.stderr}`);
      assert.ok(r.afterSignalMs < 2000 + 500, `-w ${threads}: ${r.afterSignalMs} ms after the signal`);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
        interrupted: boolean;
        requests: { sent: number; cancelled?: number };
      };
      assert.equal(summary.interrupted, true);
      assert.ok(summary.requests.sent <= 20, `-w ${threads}: ${summary.requests.sent} sent, no more than in flight`);
      assert.ok(!existsSync(join(out, 'incomplete.json')), 'and the folder is whole');
    }
  } finally {
    silent.close();
  }
});

test('SIGTERM while a large case file loads stops before any traffic', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-sig-'));
  const cases = join(dir, 'big.jsonl');
  await writeFile(
    cases,
    `${'{"type":1,"slot_list":[{"key":"k","value":"v"}],"pad":"'.concat('x'.repeat(200), '"}\n').repeat(400_000)}`,
  );
  const before = (await target.arrivals()).length;
  const r = await stopped(['run', target.url, '-r', '50', '-d', '10s', '--cases', cases, '-q'], 300);
  assert.notEqual(r.code, 0);
  assert.ok(r.afterSignalMs < 3000, `${r.afterSignalMs} ms after the signal`);
  assert.equal((await target.arrivals()).length, before, 'nothing sent');
});

test('an output that cannot be written is said and fails the run; the report is still printed, the folder marked', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-sig-'));
  const running = lptf(['run', target.url, '-r', '20', '-d', '2s', '-o', out, '-q', '--format', 'html']);
  // A folder in the way of the report, made while the run lasts: its write fails as on a full disk.
  await new Promise((r) => setTimeout(r, 1000));
  await mkdir(join(out, 'report.html', 'in-the-way'), { recursive: true });
  const r = await running;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /lptf: results in .*: not written: .*report\.html/);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(r.stdout, /PASS|FAIL/, 'the report was printed');
  assert.ok(existsSync(join(out, 'incomplete.json')), 'the folder says it is not whole');
});

test('a signal while the results are written ends lptf once measure.json is whole: exit 130, the folder marked incomplete, said (N4)', async () => {
  const { executeRun } = await import('../src/cli/execute-run.js');
  const { runKind } = await import('../src/load/report/index.js');
  const handlers: (() => void)[] = [];
  let stderr = '';
  let exited: { code: number; afterMs: number } | undefined;
  let signalledAt = 0;
  // A format slow to render, as a huge report is: the signal comes while it renders.
  runKind.reporters.register({
    name: 'slow-n4',
    file: 'slow.txt',
    render: () => {
      signalledAt = performance.now();
      for (const h of handlers) h();
      const until = performance.now() + 500;
      while (performance.now() < until);
      return 'slow\n';
    },
  });
  const out = await mkdtemp(join(tmpdir(), 'lptf-sig-write-'));
  const layer = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, where: `--${k}` }]));
  const exitedNow = new Promise<void>((resolve) => {
    void executeRun(
      [layer({ url: target.url, rate: 20, duration: '1s', out, formats: ['slow-n4'] })],
      {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (stderr += t) },
        onSignal: (h) => {
          handlers.push(h);
          return () => handlers.splice(handlers.indexOf(h), 1);
        },
        exit: (code) => {
          exited = { code, afterMs: performance.now() - signalledAt };
          resolve();
        },
      },
      'test',
    );
  });
  await exitedNow;
  assert.equal(exited?.code, 130);
  // The render that was under way, then measure.json saved (again: it was written first): no more.
  assert.ok((exited?.afterMs ?? Infinity) < 2000, `${exited?.afterMs} ms after the signal`);
  assert.match(
    stderr,
    /lptf: stopped while writing the results: .*measure\.json holds every figure, the folder is marked incomplete/,
  );
  const measure = JSON.parse(await readFile(join(out, 'measure.json'), 'utf8')) as {
    recorder: { overall: { sent: number } };
  };
  assert.equal(measure.recorder.overall.sent, 20);
  assert.ok(existsSync(join(out, 'incomplete.json')));
});
