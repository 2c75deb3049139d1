import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../recorder/index.js';
import { evaluateChecks } from './evaluate.js';
import { parseCheck } from './parse-check.js';

test('server checks judge the figures given, and fail without them: no evidence is not a pass', () => {
  const checks = ['server_cpu <= 80%', 'server_rss_growth <= 50MB'].map(parseCheck);
  const recorder = new Recorder([], null);
  const judged = (server?: { cpu: number | null; memGrowthMB: number | null }) =>
    evaluateChecks(checks, recorder, 1, undefined, server).map((c) => [c.actual, c.pass]);
  assert.deepEqual(judged({ cpu: 0.42, memGrowthMB: 12 }), [
    [0.42, true],
    [12, true],
  ]);
  assert.deepEqual(judged({ cpu: 0.81, memGrowthMB: 50.1 }), [
    [0.81, false],
    [50.1, false],
  ]);
  assert.deepEqual(judged({ cpu: null, memGrowthMB: null }), [
    [null, false],
    [null, false],
  ]);
  assert.deepEqual(judged(), [
    [null, false],
    [null, false],
  ]);
});
