import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Measurement, RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { driftFromPlan } from './helpers/drift.js';
import { tempFile } from './helpers/plan.js';
import { startTarget, type Target } from './helpers/target.js';
import { assertTargetChecksPass } from './helpers/verdict.js';

// Every test here sends traffic only to 127.0.0.1, for a bounded count and time.

const read = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

describe('worker threads and the closed loop, through the CLI', () => {
  let target: Target;
  before(async () => (target = await startTarget({ delayMs: 2 })));
  after(() => target.close());

  test('--workers 3 sends the one schedule: every request once, evenly spaced, merged without loss', async () => {
    const lines = [
      ...Array.from({ length: 18 }, (_, i) => `{"d": 2, "i": ${i}}`),
      '{"status": 503}',
      '{"status": 503, "i": 1}',
    ];
    const cases = await tempFile('w.jsonl', lines);
    const out = await mkdtemp(join(tmpdir(), 'lptf-workers-'));
    const r = await lptf([
      'run',
      target.url,
      '--rate',
      '300',
      '--duration',
      '2s',
      '--workers',
      '3',
      '--cases',
      cases,
      '--seed',
      '5',
      '--check',
      'error_rate <= 20%',
      '--lang',
      'en',
      '-q',
      '-o',
      out,
    ]);
    await assertTargetChecksPass(r, join(out, 'summary.json'));
    const result = await read<RunResult>(join(out, 'summary.json'));
    const arrivals = await target.arrivals();
    assert.equal(arrivals.length, 600);
    assert.deepEqual([result.requests.sent, result.requests.ok, result.requests.failed], [600, 540, 60]);
    // Three threads' sends interleave as one sender's: no arrival more than 30 ms early or 200 ms
    // late for its place in the one plan of 300/s. A stall only makes arrivals late (seen: 70 ms
    // on two busy cores); a thread started late or paced alone makes others early too.
    const { early, late } = driftFromPlan(arrivals, 300);
    assert.ok(early >= -30 && late <= 200, `drift from the plan: ${early.toFixed(1)} to ${late.toFixed(1)} ms`);
    // The seconds merged from the workers add up to the whole.
    assert.equal(
      result.series.reduce((n, s) => n + s.sent, 0),
      600,
    );
    assert.equal(
      result.series.reduce((n, s) => n + s.ok, 0),
      540,
    );
    const m = await read<Measurement>(join(out, 'measure.json'));
    assert.equal(m.schema, 'lptf.measure/1');
    assert.equal(m.recorder.overall.sent, 600);
    assert.equal(m.recorder.overall.latency.count, 540);
    assert.deepEqual(m.recorder.overall.errors, { http_503: 60 });
  });

  test('the same plan and seed on one thread and on two: the same cases, the same counts', async () => {
    const cases = await tempFile('ab.jsonl', [
      '{"d": 1}',
      '{"status": 503}',
      '{"status": 404}',
      '{"d": 2}',
      '{"d": 3}',
    ]);
    const results: RunResult[] = [];
    for (const workers of ['1', '2']) {
      const out = await mkdtemp(join(tmpdir(), 'lptf-workers-'));
      await lptf([
        'run',
        target.url,
        '--rate',
        '100',
        '--duration',
        '1s',
        '--workers',
        workers,
        '--cases',
        cases,
        '--seed',
        '9',
        '--check',
        'error_rate <= 50%',
        '-q',
        '-o',
        out,
      ]);
      results.push(await read<RunResult>(join(out, 'summary.json')));
    }
    assert.deepEqual(results[1]?.statuses, results[0]?.statuses);
    assert.deepEqual(results[1]?.requests, results[0]?.requests);
  });

  test('--connections runs a closed loop at the pace answers allow; the report says so, and Ctrl-C keeps what was measured', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-closed-'));
    const before = (await target.arrivals()).length; // the target keeps every arrival since it started
    const r = await lptf(['run', target.url, '--connections', '4', '--duration', '20s', '--lang', 'en', '-o', out], {
      interruptAfterMs: 1500,
    });
    assert.equal(r.code, 130, r.stderr);
    const result = await read<RunResult>(join(out, 'summary.json'));
    assert.equal(result.target.connections, 4);
    assert.equal(result.interrupted, true);
    // 4 connections on a 2 ms target: at most ~2,000 a second, and far more than a paced run would send.
    assert.ok(
      result.requests.ok > 500 && result.achievedRate < 2100,
      `${result.requests.ok} OK at ${result.achievedRate}/s`,
    );
    assert.match(r.stdout, /closed loop on 4 connections/);
    assert.match(r.stdout, /Closed loop: 4 connections each sent the next request/);
    assert.equal((await target.arrivals()).length - before, result.requests.sent);
  });

  test('--rate and --connections together are refused, naming both', async () => {
    const r = await lptf(['run', target.url, '--rate', '10', '--connections', '4']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--connections: a closed loop has no rate: give --rate \(open model\) or --connections \(closed loop\), not both/,
    );
  });
});
