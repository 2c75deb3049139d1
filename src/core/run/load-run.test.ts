// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCases, shuffledCases } from '../cases/index.js';
import { Recorder } from '../recorder/index.js';
import { constantRate } from '../schedule/index.js';
import type { Transport } from '../transport/index.js';
import { LoadRun } from './load-run.js';
import { statusOutcome } from './outcome.js';

const cases = shuffledCases([{ label: 'g', file: 'f', cases: parseCases('{"n": 1}\n{"n": 2}\n', 'g', 'f').cases }], 1);
const instant: Transport = {
  send: (_req, done) => queueMicrotask(() => done(undefined, { status: 200, bytes: 2 })),
  close: async () => undefined,
};

test('a request that cannot be built, or an answer that cannot be judged, fails alone; the run goes on', async () => {
  const recorder = new Recorder([]);
  let built = 0;
  let judged = 0;
  const run = new LoadRun(
    {
      schedule: constantRate(100, 200),
      maxInflight: 10,
      queueCapacity: 10,
      buildRequest: () => {
        if (built++ % 5 === 0) throw new Error('cannot build');
        return { method: 'GET', path: '/', headers: {} };
      },
      classify: (res, tc) => {
        if (judged++ % 4 === 0) throw new Error('cannot judge');
        return statusOutcome(() => true)(res, tc);
      },
    },
    instant,
    cases,
    recorder,
  );
  const timing = await run.start();
  const c = recorder.overall.counts();
  // A request that cannot be built never left the client: unsent, with its kind, not sent and failed.
  assert.equal(c.scheduled, 20);
  assert.equal(c.sent, 16);
  assert.equal(c.unsent, 4);
  assert.equal(recorder.overall.errors.get('build_request'), 4);
  assert.equal(recorder.overall.errors.get('check_failed'), 4);
  assert.equal(c.ok, 12);
  assert.equal(c.completed, 16);
  assert.equal(recorder.overall.decided(), 20);
  assert.equal(timing.interrupted, false);
});

test('a user flow: each arrival sends its steps one after the other, think time apart, timed from when each was meant to go; a failed step ends its flow', async () => {
  const recorder = new Recorder([]);
  const sentAt: { path: string; t: number }[] = [];
  const start = performance.now();
  // Step b of every third arrival fails: its flow ends there.
  let n = 0;
  const transport: Transport = {
    send: (req, done) => {
      sentAt.push({ path: req.path, t: performance.now() - start });
      const status = req.path === '/b' && n++ % 3 === 0 ? 500 : 200;
      setTimeout(() => done(undefined, { status, bytes: 2 }), 5);
    },
    close: async () => undefined,
  };
  const steps = ['a', 'b', 'c'];
  const run = new LoadRun(
    {
      schedule: constantRate(50, 200),
      maxInflight: 100,
      queueCapacity: 10,
      buildRequest: (tc) => ({ method: 'GET', path: `/${tc.group}`, headers: {} }),
      classify: statusOutcome((s) => s < 400),
      nextStep: (tc) => {
        const i = steps.indexOf(tc.group);
        return i < steps.length - 1 ? { testCase: { ...tc, group: steps[i + 1] as string }, afterMs: 40 } : undefined;
      },
    },
    transport,
    { size: 1, next: () => ({ ...cases.next(), group: 'a' }) },
    recorder,
  );
  const timing = await run.start(start);
  // 10 arrivals; 4 of their b steps fail (arrivals 0, 3, 6, 9), so 6 reach c.
  assert.equal(recorder.group('a').counts().ok, 10);
  assert.equal(recorder.group('b').counts().ok, 6);
  assert.equal(recorder.group('b').errors.get('http_500'), 4);
  assert.equal(recorder.group('c').counts().sent, 6);
  assert.equal(recorder.followUps, 16);
  assert.equal(recorder.arrivalsSent(), 10);
  const a = sentAt.filter((s) => s.path === '/a');
  const b = sentAt.filter((s) => s.path === '/b');
  // The run waits for its flows: the last c goes out after the 200 ms schedule, and is answered before the end.
  const lastC = Math.max(...sentAt.filter((s) => s.path === '/c').map((s) => s.t));
  assert.ok(lastC > 200 && timing.totalMs >= lastC + 4, `the last c at ${lastC} ms, the end at ${timing.totalMs}`);
  // A step goes no sooner than its think time after the answer before it, and is timed from then.
  for (const [i, s] of b.entries()) assert.ok(s.t - (a[i]?.t ?? 0) >= 43, `b ${s.t - (a[i]?.t ?? 0)} ms after a`);
  assert.ok((recorder.group('c').percentile(50) ?? 0) < 30, 'a step is timed from its due time, not from its arrival');
});

test('stopping a run ends the flows waiting out a think time: their next steps are never due, and the run finishes', async () => {
  const recorder = new Recorder([]);
  const run = new LoadRun(
    {
      schedule: constantRate(100, 10_000),
      maxInflight: 100,
      queueCapacity: 10,
      buildRequest: (tc) => ({ method: 'GET', path: `/${tc.group}`, headers: {} }),
      classify: statusOutcome(() => true),
      nextStep: (tc) => (tc.group === 'a' ? { testCase: { ...tc, group: 'b' }, afterMs: 60_000 } : undefined),
    },
    instant,
    { size: 1, next: () => ({ ...cases.next(), group: 'a' }) },
    recorder,
  );
  setTimeout(() => run.stop(), 100);
  const timing = await run.start();
  assert.ok(timing.interrupted);
  assert.ok(timing.totalMs < 1000, `${timing.totalMs}`);
  assert.ok(recorder.group('a').counts().ok >= 5);
  assert.equal(recorder.groups.get('b'), undefined, 'no step b came due');
  assert.equal(recorder.followUps, 0);
});
