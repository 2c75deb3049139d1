import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../recorder/index.js';
import { evaluateChecks, shareBounds } from './evaluate.js';
import { parseCheck } from './parse-check.js';
import { judgeWindows } from './window-judge.js';

/** A run of `seconds` seconds at 100 requests a second; `fails(s)` of second s's fail, each OK answer takes `ms(s, i)`. */
function runOf(
  seconds: number,
  fails: (second: number) => number,
  ms: (second: number, i: number) => number = () => 10,
  checks: readonly string[] = [],
): Recorder {
  const rec = new Recorder(shareBounds(checks.map(parseCheck)));
  for (let s = 1; s <= seconds; s++) {
    const at = (s - 1) * 1000 + 500;
    const failing = fails(s);
    for (let i = 0; i < 100; i++) {
      const group = i % 4 === 0 ? 'b' : 'a';
      rec.onDue(group, 0);
      rec.onSent(group, at);
      if (i < failing) rec.onFailed(group, 'http_500', at, 500);
      else rec.onOk(group, ms(s, i), ms(s, i), 200, at);
    }
  }
  rec.series.flush(seconds * 1000);
  return rec;
}

test('3 s of failures in 20 s: the whole-run error rate passes, the 5 s window fails and names the window', () => {
  const rec = runOf(20, (s) => (s >= 9 && s <= 11 ? 100 : 0));
  const [whole, windowed] = evaluateChecks(['error_rate <= 20%', 'error_rate over 5s <= 20%'].map(parseCheck), rec, 20);
  assert.equal(whole?.actual, 0.15);
  assert.equal(whole?.pass, true);
  assert.equal(windowed?.pass, false);
  assert.equal(windowed?.name, 'error_rate over 5s <= 20%');
  // The worst window holds all three failing seconds: 300 of 500.
  assert.deepEqual(windowed?.window, { fromSecond: 7, toSecond: 11, actual: 0.6 });
  // 16 windows of 5 in 20 s; one failing second is 20%, which passes: those with two or three fail (6-10 to 10-14).
  assert.deepEqual(windowed?.windows, { judged: 16, failed: 5 });
  const judge = judgeWindows(parseCheck('error_rate over 5s <= 20%'), rec.series.closedStates());
  // Decided at its first failing window: seconds 5-9 hold 100 of 500, 20%, which passes; 6-10 fail.
  assert.deepEqual(judge.firstFailed, { fromSecond: 6, toSecond: 10, actual: 0.4 });
});

test('a window of the whole run agrees with the whole-run figure: shares exactly, percentiles from merged histograms', () => {
  // Latencies 1..100 ms in every second; second 3's are ten times slower.
  const ms = (s: number, i: number): number => (s === 3 ? 10 : 1) * (i + 1);
  const checks = ['share(<=50ms) >= 95%', 'share(<=50ms) over 4s >= 95%', 'p(90) <= 1s', 'p(90) over 4s <= 1s'];
  const rec = runOf(4, () => 0, ms, checks);
  const [share, shareW, p90, p90W] = evaluateChecks(checks.map(parseCheck), rec, 4);
  assert.equal(shareW?.actual, share?.actual);
  // 3 × 50, and 5 of second 3's (10 to 50 ms), within 50 ms, of 400.
  assert.equal(shareW?.actual, 155 / 400);
  assert.ok(p90 && p90W && p90.actual !== null && p90W.actual !== null);
  assert.ok(Math.abs(p90W.actual - p90.actual) <= p90.actual * 0.001, `${p90W.actual} vs ${p90.actual}`);
  // A shorter window sees second 3 alone at its worst: its p90 is 900 ms (the 90th of 10, 20 … 1000), not an average of seconds.
  const [w1] = evaluateChecks([parseCheck('p(90) over 1s <= 200ms')], rec, 4);
  assert.ok(w1?.window && Math.abs(w1.window.actual - 900) <= 1, JSON.stringify(w1?.window));
  assert.equal(w1?.window?.fromSecond, 3);
});

test('a scenario is judged over windows by its own counts', () => {
  // Group b (every fourth request) fails in second 2 only: 25 of its 25.
  const rec = new Recorder([]);
  for (let s = 1; s <= 4; s++)
    for (let i = 0; i < 100; i++) {
      const group = i % 4 === 0 ? 'b' : 'a';
      rec.onDue(group, 0);
      rec.onSent(group, (s - 1) * 1000);
      if (group === 'b' && s === 2) rec.onFailed(group, 'timeout', (s - 1) * 1000);
      else rec.onOk(group, 5, 5, 200, (s - 1) * 1000);
    }
  rec.series.flush(4000);
  const [a, b, rate] = evaluateChecks(
    [
      'error_rate{scenario:a} over 2s <= 10%',
      'error_rate{scenario:b} over 2s <= 10%',
      'rate{scenario:b} over 2s >= 25',
    ].map(parseCheck),
    rec,
    4,
  );
  assert.equal(a?.pass, true);
  assert.equal(b?.pass, false);
  assert.equal(b?.actual, 0.5);
  assert.equal(rate?.actual, 25);
  assert.equal(rate?.pass, true);
});

test('a run shorter than its window is judged as one window; nothing measured fails', () => {
  const rec = runOf(3, (s) => (s === 2 ? 50 : 0));
  const [c] = evaluateChecks([parseCheck('error_rate over 10s <= 10%')], rec, 3);
  assert.deepEqual(c?.window, { fromSecond: 1, toSecond: 3, actual: 50 / 300 });
  assert.equal(c?.pass, false);
  const [none] = evaluateChecks([parseCheck('p(99) over 5s <= 1s')], new Recorder([]), 0);
  assert.deepEqual([none?.actual, none?.pass], [null, false]);
});

test('window checks parse, name themselves in normal form and refuse what a second does not keep', () => {
  const c = parseCheck('error_rate{scenario:checkout}  over  1m <= 5%');
  assert.equal(c.windowSec, 60);
  assert.equal(c.name, 'error_rate{scenario:checkout} over 60s <= 5%');
  assert.deepEqual(parseCheck(c.name), c);
  assert.equal(parseCheck('p(99) over 10s <= 200ms').name, 'p(99) over 10s <= 200ms');
  assert.throws(
    () => parseCheck('p(99){scenario:a} over 10s <= 200ms'),
    /keeps a scenario's counts, not its latencies/,
  );
  assert.throws(() => parseCheck('error_rate over 1.5s <= 1%'), /whole seconds/);
  assert.throws(() => parseCheck('error_rate over 0s <= 1%'), /whole seconds/);
  assert.throws(() => parseCheck('delivered over 5s >= 95%'), /not judged over windows/);
  assert.throws(() => parseCheck('p95{stage:steady} over 5s <= 1s'), /leave out the stage/);
});
