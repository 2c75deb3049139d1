// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCases, shuffledCases } from '../cases/index.js';
import { Recorder } from '../recorder/index.js';
import { statusOutcome } from './outcome.js';
import { rehearse } from './rehearse.js';

const groups = [{ label: 'g', file: 'f', cases: parseCases('{"n": 1}\n{"n": 2}\n{"n": 3}\n', 'g', 'f').cases }];

test('a rehearsal builds and judges within its budget, closes a second of its scratch recorder', () => {
  const scratch = new Recorder([170]);
  const seqs: number[] = [];
  const judged: number[] = [];
  rehearse(
    {
      buildRequest: (_tc, seq) => {
        seqs.push(seq);
        return { method: 'GET', path: '/', headers: {} };
      },
      classify: (res, tc, seq) => {
        judged.push(seq);
        return statusOutcome((s) => s < 400)(res, tc);
      },
    },
    shuffledCases(groups, 7),
    scratch,
    { rounds: 300, ms: 10_000 },
  );
  assert.equal(seqs.length, 300);
  assert.deepEqual(judged, seqs);
  assert.equal(scratch.overall.counts().sent, 300);
  // Both seconds closed: the first (its histogram encoded) and the second by the flush.
  assert.deepEqual(
    scratch.series.closed().map((s) => s.sent),
    [150, 150],
  );
});

test('a rehearsal stops at its time budget, and a build that throws does not escape it', () => {
  const scratch = new Recorder([]);
  let built = 0;
  const started = performance.now();
  rehearse(
    {
      buildRequest: () => {
        built++;
        const until = performance.now() + 2;
        while (performance.now() < until);
        throw new Error('cannot build');
      },
      classify: () => ({ ok: true }),
    },
    shuffledCases(groups, 1),
    scratch,
    { rounds: 10_000, ms: 20 },
  );
  assert.ok(built < 10_000 && built >= 1, `built ${built}`);
  assert.ok(performance.now() - started < 2_000);
  assert.equal(scratch.overall.counts().failed, built);
});
