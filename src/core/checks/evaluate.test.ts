import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../recorder/index.js';
import { evaluateChecks, shareBounds } from './evaluate.js';
import { parseCheck } from './parse-check.js';

function recorderWith(latencies: number[], failures = 0, drops = 0): Recorder {
  const checks = ['share(<=170ms) >= 95%', 'share(>870ms) <= 1%'].map(parseCheck);
  const rec = new Recorder(shareBounds(checks));
  for (const ms of latencies) {
    rec.onDue('normal', 0);
    rec.onSent('normal', 0);
    rec.onOk('normal', ms, ms, 200, 0);
  }
  for (let i = 0; i < failures; i++) {
    rec.onDue('abnormal', 0);
    rec.onSent('abnormal', 0);
    rec.onFailed('abnormal', 'http_500', 0, 500);
  }
  for (let i = 0; i < drops; i++) {
    rec.onDue('normal', 0);
    rec.onDropped('normal', 0);
  }
  return rec;
}

test('shares are exact counts over every decided request', () => {
  // 982 fast, 11 between the bounds, 7 over 870 ms: 98.2% within, 0.7% over.
  const lat = [...Array(982).fill(20), ...Array(11).fill(500), ...Array(7).fill(900)];
  const rec = recorderWith(lat);
  const [within, over] = evaluateChecks(['share(<=170ms) >= 95%', 'share(>870ms) <= 1%'].map(parseCheck), rec, 5);
  assert.equal(within?.actual, 0.982);
  assert.equal(within?.pass, true);
  assert.equal(over?.actual, 0.007);
  assert.equal(over?.pass, true);
  assert.equal(over?.expected, '<= 1%');
});

test('a latency exactly on the bound is within it', () => {
  const rec = recorderWith([170, 170, 870, 870.001]);
  const [within, over] = evaluateChecks(['share(<=170ms) >= 95%', 'share(>870ms) <= 1%'].map(parseCheck), rec, 1);
  assert.equal(within?.actual, 0.5);
  assert.equal(over?.actual, 0.25);
});

test('failed and dropped requests count against every share', () => {
  const rec = recorderWith(Array(96).fill(10), 2, 2);
  const [within, over, errorRate, dropped] = evaluateChecks(
    ['share(<=170ms) >= 95%', 'share(>870ms) <= 1%', 'error_rate <= 1%', 'dropped <= 0'].map(parseCheck),
    rec,
    1,
  );
  assert.equal(within?.actual, 0.96);
  assert.equal(over?.actual, 0.04);
  assert.equal(over?.pass, false);
  assert.equal(errorRate?.actual, 2 / 98);
  assert.equal(dropped?.actual, 2);
  assert.equal(dropped?.pass, false);
});

test('percentiles come from the histogram within its precision', () => {
  const lat = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
  const [p95, p50, max] = evaluateChecks(
    ['p(95) <= 170ms', 'median <= 600', 'max <= 1s'].map(parseCheck),
    recorderWith(lat),
    1,
  );
  assert.ok(Math.abs((p95?.actual ?? 0) - 950) <= 950 * 0.001, `p95 ${p95?.actual}`);
  assert.equal(p95?.pass, false);
  assert.ok(Math.abs((p50?.actual ?? 0) - 500) <= 0.5, `p50 ${p50?.actual}`);
  assert.equal(max?.actual, 1000);
  assert.equal(max?.pass, true);
});

test('group checks use the group; nothing measured fails', () => {
  const rec = recorderWith([10, 20], 1);
  const [normal, abnormal, ghost] = evaluateChecks(
    ['error_rate{group:normal} <= 0%', 'error_rate{group:abnormal} <= 0%', 'p(95){group:nope} <= 1s'].map(parseCheck),
    rec,
    1,
  );
  assert.equal(normal?.pass, true);
  assert.equal(abnormal?.actual, 1);
  assert.equal(abnormal?.pass, false);
  assert.equal(ghost?.actual, null);
  assert.equal(ghost?.pass, false);
});

test("the run's own checks: delivered is the achieved rate's share of the plan, none without a plan; send lateness is the generator's p99", () => {
  const rec = recorderWith(Array(10).fill(10));
  for (const ms of [0.2, 0.3, 12]) rec.onDue('normal', ms);
  const checks = ['delivered >= 95%', 'send_lateness_p99 <= 10ms'].map(parseCheck);
  const [held, late] = evaluateChecks(checks, rec, 1, { rate: 200, achievedRate: 150 });
  assert.equal(held?.actual, 0.75);
  assert.equal(held?.pass, false);
  assert.equal(held?.expected, '>= 95%');
  // 13 arrivals came due: ten on time and three late, the worst 12 ms: its p99.
  assert.ok(late && late.actual !== null && Math.abs(late.actual - 12) < 0.1 && !late.pass, JSON.stringify(late));
  const [none] = evaluateChecks(checks, rec, 1);
  assert.deepEqual([none?.actual, none?.pass], [null, false]);
  const [closedLoop] = evaluateChecks(checks, rec, 1, { rate: 0, achievedRate: 900 });
  assert.equal(closedLoop?.actual, null);
});

test('a check of a stage judges only the requests due in it; its rate is over the stage’s own time', () => {
  const checks = [
    'p95{stage:steady} <= 20ms',
    'p95 <= 20ms',
    'rate{stage:steady} >= 99',
    'p95{stage:gone} <= 20ms',
  ].map(parseCheck);
  const rec = new Recorder(shareBounds(checks));
  const answer = (stage: string, ms: number): void => {
    rec.onDue('default', 0, stage);
    rec.onSent('default', 0, stage);
    rec.onOk('default', ms, ms, 200, 0, {}, stage);
  };
  for (let i = 0; i < 100; i++) answer('ramp-up', 300);
  for (let i = 0; i < 200; i++) answer('steady', 5);
  const [steady, whole, rate, gone] = evaluateChecks(checks, rec, 4, {
    rate: 75,
    achievedRate: 75,
    stageSec: { 'ramp-up': 2, steady: 2 },
  });
  assert.equal(steady?.pass, true);
  assert.equal(whole?.pass, false);
  assert.equal(rate?.actual, 100);
  assert.equal(gone?.actual, null);
  assert.equal(gone?.pass, false);
  assert.deepEqual(Object.keys(rec.state().stages ?? {}), ['ramp-up', 'steady']);
  // A recorder without stages writes none.
  assert.equal(new Recorder([]).state().stages, undefined);
});
