import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownRun } from '../report/known-run.fixture.js';
import type { RunResult } from '../result/index.js';
import { judgeFailRules, parseFailRule } from './fail-on.js';

/** B: p95 up by half, the rate down 10%, two more failures in the same number of answers. */
function slower(a: RunResult): RunResult {
  return {
    ...a,
    achievedRate: a.achievedRate * 0.9,
    latencyMs: { ...a.latencyMs, p95: a.latencyMs.p95! * 1.5 },
    requests: { ...a.requests, failed: a.requests.failed + 2, ok: a.requests.ok - 2 },
  };
}

test('rules parse in %, ms, s and pp, and each figure takes only the units that fit it', () => {
  assert.deepEqual(
    ['p95 > +10%', 'p99.9 >= 5ms', 'max > 1s', 'error_rate > +0.5pp', 'rate < -5%'].map((t) => {
      const r = parseFailRule(t);
      return [r.metric, r.op, r.limit, r.unit];
    }),
    [
      ['p95', '>', 10, '%'],
      ['p99.9', '>=', 5, 'ms'],
      ['max', '>', 1000, 'ms'],
      ['error_rate', '>', 0.5, 'pp'],
      ['rate', '<', -5, '%'],
    ],
  );
  assert.throws(() => parseFailRule('p95 > 10'), /--fail-on "p95 > 10": not a rule; accepted forms: p95 > \+10%/);
  assert.throws(() => parseFailRule('latency > +10%'), /unknown figure "latency"/);
  assert.throws(() => parseFailRule('rate < -5ms'), /rate does not change in ms/);
  assert.throws(() => parseFailRule('p95 > +1pp'), /p95 does not change in pp/);
});

test('B against A: each rule judged on its own change, a missing figure breaks its rule', async () => {
  const a = await knownRun('en');
  const b = slower(a);
  const verdicts = judgeFailRules(
    ['p95 > +10%', 'p95 > +60%', 'rate < -5%', 'error_rate > +0.1pp', 'p50 > +0%'].map(parseFailRule),
    a,
    b,
  );
  assert.deepEqual(
    verdicts.map((v) => [v.rule.text, v.shown, v.failed]),
    [
      ['p95 > +10%', '+50%', true],
      ['p95 > +60%', '+50%', false],
      ['rate < -5%', '-10%', true],
      ['error_rate > +0.1pp', `+${Number(((100 * 2) / a.requests.completed).toFixed(2))} pp`, true],
      ['p50 > +0%', '±0%', false],
    ],
  );
  const none = { ...b, latencyMs: { ...b.latencyMs, p95: null } };
  assert.deepEqual(
    judgeFailRules([parseFailRule('p95 > +10%')], a, none).map((v) => [v.shown, v.failed]),
    [['n/a', true]],
  );
});

test('a rule takes p(95) and a scenario or group as --check writes them; a scope either run lacks breaks it', async () => {
  const r = parseFailRule('p(95){group:normal} > +10%');
  assert.deepEqual([r.metric, r.scope], ['p95', { kind: 'group', name: 'normal' }]);
  assert.equal(parseFailRule('p(99.9) > +5ms').metric, 'p99.9');
  const a = await knownRun('en');
  const group = a.groups['normal'];
  assert.ok(group, Object.keys(a.groups).join());
  const b: RunResult = {
    ...a,
    groups: { ...a.groups, normal: { ...group, latencyMs: { ...group.latencyMs, p95: group.latencyMs.p95! * 2 } } },
  };
  const [scoped, whole, ghost] = judgeFailRules(
    ['p(95){group:normal} > +10%', 'p95 > +10%', 'p95{scenario:nope} > +10%'].map(parseFailRule),
    a,
    b,
  );
  assert.deepEqual([scoped?.shown, scoped?.failed], ['+100%', true]);
  assert.equal(whole?.failed, false, 'the whole run did not change');
  assert.deepEqual([ghost?.shown, ghost?.failed], ['n/a', true]);
});
