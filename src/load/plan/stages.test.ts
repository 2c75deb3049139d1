import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flags, problemsOf as problemsOfWith } from '../../../test/helpers/plan.js';
import '../../builtins.js';
import type { PlanInput } from '../fields/field.js';
import { parseConfig } from './config-file.js';
import { plannedRateOver, planSchedule } from './plan-schedule.js';
import { resolvePlan } from './resolve-plan.js';

const problemsOf = (layers: PlanInput[]): Promise<string[]> => problemsOfWith(resolvePlan, layers);
const url = 'http://127.0.0.1:8080/';

test('stages from flags: named by their shape, they set the duration, the mean rate and a queue for the peak', async () => {
  const { plan } = await resolvePlan([flags({ url, stages: ['10s:400', '20s:400', '5s:0', '5s:0:rest', '1s:50'] })]);
  assert.deepEqual(
    plan.stages?.map((s) => [s.name, s.durationMs, s.target]),
    [
      ['ramp-up', 10_000, 400],
      ['steady', 20_000, 400],
      ['ramp-down', 5_000, 0],
      ['rest', 5_000, 0],
      ['ramp-up-2', 1_000, 50],
    ],
  );
  assert.equal(plan.durationMs, 41_000);
  const planned = 2000 + 8000 + 1000 + 25;
  assert.equal(planSchedule(plan).total, planned);
  assert.equal(plan.rate, (planned * 1000) / 41_000);
  assert.equal(plan.queueCapacity, 4000);
  // Live, a ramp is judged against what it planned over the same seconds, not its peak.
  assert.equal(plannedRateOver(plan, 0, 10_000), 200);
  assert.equal(plannedRateOver(plan, 10_000, 15_000), 400);
});

test('stages from a config file, as texts or objects, with a start rate', async () => {
  const input = parseConfig(
    `url: ${url}\nstartRate: 100\nstages:\n  - { duration: 30s, target: 100 }\n  - 10s:300:peak\n  - { duration: 1m, target: 0, name: cool }\n`,
    'p.yaml',
  );
  const { plan } = await resolvePlan([input]);
  assert.deepEqual(
    plan.stages?.map((s) => s.name),
    ['steady', 'peak', 'cool'],
  );
  assert.equal(plan.startRate, 100);
  assert.equal(planSchedule(plan).total, 3000 + 2000 + 9000);
});

test('a check may judge one stage, and must name one the plan has', async () => {
  const { plan } = await resolvePlan([
    flags({ url, stages: ['5s:100', '5s:100'], checks: ['p95{stage:steady} < 1s'] }),
  ]);
  assert.equal(plan.checks[0]?.stage, 'steady');
  assert.equal(plan.checks[0]?.name, 'p(95){stage:steady} < 1000ms');
  assert.deepEqual(await problemsOf([flags({ url, stages: ['5s:100'], checks: ['p95{stage:steady} < 1s'] })]), [
    '--checks: "p(95){stage:steady} < 1000ms" checks the stage "steady", which this plan does not have; its stages: ramp-up',
  ]);
  assert.match(
    (await problemsOf([flags({ url, checks: ['delivered{stage:steady} >= 90%'] })]))[0] ?? '',
    /delivered is measured on the whole run; leave out \{stage:steady\}/,
  );
});

test('bad stages are refused before any traffic, each with where it is', async () => {
  assert.deepEqual(
    await problemsOf([
      flags({
        url,
        stages: ['0s:100', '-5s:10', '10s:-1', 'fast', '1s:10:bad name', { duration: '1s', rate: 3 }, '1s:'],
      }),
    ]),
    [
      '--stages stage 1: "0s" is not a positive duration; write e.g. 30s, 5m or 500ms',
      '--stages stage 2: "-5s" is not a positive duration; write e.g. 30s, 5m or 500ms',
      '--stages stage 3: must be a rate >= 0; got "-1"',
      '--stages stage 4: "fast" is not a stage; write time:rate or time:rate:name, e.g. 30s:200',
      '--stages stage 5: "bad name" is not a stage name; use letters, digits, _ . -',
      '--stages stage 6: unknown key rate; a stage has duration, target and name',
      '--stages stage 7: must be a rate >= 0; got ""',
    ],
  );
  assert.deepEqual(await problemsOf([flags({ url, stages: ['5s:0', '5s:0'] })]), [
    '--stages: the stages plan no request',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, stages: ['1s:5:a', '1s:5:a'] })]), [
    '--stages: two stages are named "a"; each needs its own',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, stages: ['1s:5'], rate: 10, duration: '5s' })]), [
    '--rate: the stages set the rate: give --stage or --rate, not both',
    '--duration: the stages set the duration: give --stage or --duration, not both',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, stages: ['1s:5'], connections: 3 })]), [
    '--connections: a closed loop has no rate to ramp: give --stage or --connections',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, startRate: 10 })]), [
    '--startRate: a start rate needs stages to ramp from it: add --stage time:rate',
  ]);
});

test("with a ramp, the widget preset's checks judge its steady stage; its own rate and duration give way", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-stages-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const widget = { url, preset: 'wechat-widget', plain: true, cases: [join(dir, 'normal.jsonl')] };
  const { plan } = await resolvePlan([flags({ ...widget, stages: ['30s:200', '30m:200', '10s:0'] })]);
  assert.deepEqual(
    plan.checks.map((c) => c.name),
    [
      'share(<=170ms){stage:steady} >= 95%',
      'share(>870ms){stage:steady} <= 1%',
      'expected_rate{stage:steady} >= 100%',
      'delivered >= 95%',
      'send_lateness_p99 <= 10ms',
    ],
  );
  assert.equal(plan.durationMs, 1_840_000);
  const unnamed = await problemsOf([flags({ ...widget, stages: ['30s:200', '30m:300'] })]);
  assert.match(
    unnamed[0] ?? '',
    /^preset wechat-widget: .*which this plan does not have; its stages: ramp-up, ramp-up-2 \(name the one/,
  );
});
