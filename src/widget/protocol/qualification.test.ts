import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type QualificationView, qualification, qualificationSection } from './qualification.js';

const seedRun: QualificationView = {
  target: {
    rate: 200,
    cases: [
      { group: 'normal', count: 2400 },
      { group: 'abnormal', count: 600 },
    ],
  },
  elapsedSec: 1800,
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
    target: { rate: 50, cases: [{ group: 'normal', count: 1 }] },
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
    ['cases', 'planned load delivered', 'whole run'],
  );
});
