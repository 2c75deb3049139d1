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
  assert.equal(c.scheduled, 20);
  assert.equal(c.sent, 20);
  assert.equal(recorder.overall.errors.get('build_request'), 4);
  assert.equal(recorder.overall.errors.get('check_failed'), 4);
  assert.equal(c.ok, 12);
  assert.equal(c.completed, 20);
  assert.equal(timing.interrupted, false);
});
