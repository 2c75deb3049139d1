import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../recorder/index.js';
import { decideCheck } from './decide.js';
import { evaluateChecks, shareBounds } from './evaluate.js';
import { parseCheck } from './parse-check.js';
import { judgeWindows } from './window-judge.js';

/** Answers `n` requests, each `ms` long (or failed, for ms = null). */
function answer(rec: Recorder, n: number, ms: number | null): void {
  for (let i = 0; i < n; i++) {
    rec.onDue('default', 0);
    rec.onSent('default', 0);
    if (ms === null) rec.onFailed('default', 'http_500', 0, 500);
    else rec.onOk('default', ms, ms, 200, 0);
  }
}

test('the seed’s 870 ms row is decided failed at the 3,601st slow answer of 360,000 planned, not before', () => {
  const check = parseCheck('share(>870ms) <= 1%');
  const rec = new Recorder(shareBounds([check]));
  answer(rec, 10_000, 20);
  answer(rec, 3_600, 900);
  assert.equal(decideCheck(check, rec, 360_000), undefined, '3,600 of 360,000 is exactly 1%: still passable');
  answer(rec, 1, 900);
  assert.deepEqual(decideCheck(check, rec, 360_000), { verdict: 'fail', what: 'over', count: 3601, of: 360_000 });
  // Whatever follows, the check fails: the best case is every other planned request fast.
  answer(rec, 360_000 - 13_601, 20);
  const [final] = evaluateChecks([check], rec, 1800);
  assert.equal(final?.pass, false);
});

test('a share is decided passed once enough are within, and a percentile failed once more than 1 − q are over', () => {
  const within = parseCheck('share(<=170ms) >= 95%');
  const p95 = parseCheck('p(95) <= 100ms');
  const rec = new Recorder(shareBounds([within]));
  answer(rec, 949, 20);
  assert.equal(decideCheck(within, rec, 1000), undefined);
  answer(rec, 1, 20);
  assert.deepEqual(decideCheck(within, rec, 1000), { verdict: 'pass', what: 'within', count: 950, of: 1000 });
  // 50 of 1000 over 100 ms is exactly 5%: p95 may still be within; the 51st decides it.
  answer(rec, 50, 150);
  assert.equal(decideCheck(p95, rec, 1000), undefined);
  const more = new Recorder([]);
  answer(more, 51, 150);
  assert.equal(decideCheck(p95, more, 1000)?.verdict, 'fail');
  answer(more, 949, 20);
  const [final] = evaluateChecks([p95], more, 1);
  assert.equal(final?.pass, false);
});

test('error rates, counts and maxima; nothing decided without a planned total, for the run’s checks or a mean', () => {
  const rec = new Recorder([]);
  answer(rec, 11, null);
  assert.deepEqual(decideCheck(parseCheck('error_rate <= 1%'), rec, 1000), {
    verdict: 'fail',
    what: 'failed',
    count: 11,
    of: 1000,
  });
  assert.equal(decideCheck(parseCheck('error_rate <= 1%'), rec, 2000), undefined);
  assert.equal(decideCheck(parseCheck('error_rate <= 1%'), rec, undefined), undefined);
  assert.equal(decideCheck(parseCheck('failed <= 10'), rec, undefined)?.verdict, 'fail');
  assert.equal(decideCheck(parseCheck('failed <= 11'), rec, undefined), undefined);
  answer(rec, 1, 1500);
  assert.equal(decideCheck(parseCheck('max <= 1s'), rec, undefined)?.verdict, 'fail');
  assert.equal(decideCheck(parseCheck('mean <= 1ms'), rec, 12), undefined);
  assert.equal(decideCheck(parseCheck('send_lateness_p99 <= 0.001ms'), rec, 12), undefined);
});

test('a windowed check is decided at its first failing window', () => {
  const check = parseCheck('error_rate over 2s <= 10%');
  const rec = new Recorder([]);
  for (let s = 1; s <= 5; s++) {
    for (let i = 0; i < 10; i++) {
      rec.onDue('default', 0);
      rec.onSent('default', (s - 1) * 1000);
      if (s === 4) rec.onFailed('default', 'timeout', (s - 1) * 1000);
      else rec.onOk('default', 5, 5, 200, (s - 1) * 1000);
    }
  }
  rec.series.flush(5000);
  const judge = judgeWindows(check, rec.series.closedStates());
  assert.deepEqual(decideCheck(check, rec, 50, judge)?.window, { fromSecond: 3, toSecond: 4, actual: 0.5 });
});
