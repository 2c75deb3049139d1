import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type QualificationView, qualification, qualificationSection } from './qualification.js';

const seedRun: QualificationView = {
  target: {
    rate: 200,
    durationSec: 1800,
    cases: [
      { group: 'normal', count: 2400 },
      { group: 'abnormal', count: 600 },
    ],
  },
  // A whole run's schedule ends at its last due time: 359,999 / 200 s (the seed's run, measured).
  elapsedSec: 1799.995,
  interrupted: false,
  checks: [{ name: 'delivered >= 95%', pass: true, actual: 0.9995 }],
};

test("the seed's self-test qualifies: 200 QPS for 30 minutes, normal and abnormal cases, at most 3000, delivered, whole", () => {
  const q = qualification(seedRun);
  assert.equal(q.qualifies, true);
  assert.ok(q.rows.every((r) => r.pass));
  const zh = qualificationSection(seedRun, 'zh');
  assert.equal(zh.title, '提交条件（种子页面：200 QPS 持续 30 分钟）');
  assert.deepEqual(zh.lines, ['本次压测满足提交条件：可以作为自测结果提交。']);
  assert.deepEqual(zh.table?.rows[4], ['计划压力送达', '>= 95%', '99.95%', '✔ 满足']);
});

test('a 2 s run at 50 QPS of one group does not: each unmet condition is named, in both languages (issue 33)', () => {
  const short: QualificationView = {
    ...seedRun,
    target: { rate: 50, durationSec: 2, cases: [{ group: 'normal', count: 1 }] },
    elapsedSec: 2,
  };
  const q = qualification(short);
  assert.equal(q.qualifies, false);
  assert.deepEqual(
    q.rows.filter((r) => !r.pass).map((r) => r.condition.en),
    ['rate', 'duration', 'case groups'],
  );
  assert.deepEqual(qualificationSection(short, 'zh').lines, [
    '本次压测不满足提交条件（压测速率、持续时间、用例分组）：只能作为草稿，不能作为自测结果提交。',
  ]);
  assert.deepEqual(qualificationSection(short, 'en').lines, [
    'This run does not meet the submission conditions (rate, duration, case groups): a draft, not a self-test result to submit.',
  ]);
  // Too many cases, an interrupted or ended-early run, a load not delivered: each its own row.
  const cut = qualification({
    ...seedRun,
    target: { ...seedRun.target, cases: [...seedRun.target.cases, { group: 'abnormal', count: 1 }] },
    endedEarly: 'its coordinator stopped the whole test',
    checks: [{ name: 'delivered >= 95%', pass: false, actual: 0.5 }],
  });
  assert.deepEqual(
    cut.rows.filter((r) => !r.pass).map((r) => r.condition.en),
    // Ended before its last arrival was due: short of 30 minutes too.
    ['duration', 'cases', 'planned load delivered', 'whole run'],
  );
});

test('a run of 30 minutes cut short at 1,799 s is not 30 minutes; a whole one, whose last arrival is due at 1,799.995 s, is', () => {
  const whole = qualification(seedRun).rows.find((r) => r.condition.en === 'duration');
  assert.deepEqual([whole?.actual.en, whole?.pass], ['30m', true]);
  const cut = qualification({ ...seedRun, elapsedSec: 1799, interrupted: true }).rows.find(
    (r) => r.condition.en === 'duration',
  );
  assert.equal(cut?.pass, false);
});
