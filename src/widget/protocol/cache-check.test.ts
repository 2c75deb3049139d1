import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheWarnings, declaredLifespan, repeatSeconds, seconds } from './cache-check.js';
import { errCodeSections } from './err-code-section.js';

test('a case that comes round sooner than the cache time is warned of, with what would avoid it', () => {
  assert.equal(repeatSeconds(333, 200), 1.665);
  assert.equal(repeatSeconds(0, 200), undefined);
  assert.equal(declaredLifespan({ 'lifespan=60': 9, 'lifespan=0': 1, other: 3 }), 60);
  assert.equal(declaredLifespan({}), undefined);
  const run = { rate: 200, cases: 333, tallies: { 'lifespan=60': 5000 } };
  assert.deepEqual(
    cacheWarnings(run).map((w) => w.en),
    [
      'each case repeats every 1.67 s (333 cases at 200/s), sooner than the lifespan the replies declare, 60 s: repeats may be answered from a cache and flatter the figures; at this rate 12000 distinct cases would not repeat within it',
    ],
  );
  // The service's own cache time, when given, is what counts.
  assert.deepEqual(cacheWarnings(run, 1), []);
  assert.match(
    cacheWarnings(run)[0]!.zh,
    /^每条用例每 1\.67 s 重复一次（333 条用例，速率 200\/s），早于应答声明的 lifespan 60 s/,
  );
  assert.match(cacheWarnings(run, 300)[0]!.en, /sooner than the service's cache time \(--cache-ttl\), 300 s/);
  // Nothing to compare: no cache time known, or a closed loop (no rate).
  assert.deepEqual(cacheWarnings({ ...run, tallies: {} }), []);
  assert.deepEqual(cacheWarnings({ ...run, rate: 0 }, 60), []);
  assert.equal(seconds(0.25), '250 ms');
});

test("the report's Cache section states how often each case was sent and the lifespans declared", () => {
  const view = {
    errCodes: { '0': 90, '-1': 10 },
    tallies: { 'lifespan=60': 90, 'lifespan=0': 10 },
    achievedRate: 199.5,
    target: {
      rate: 200,
      durationSec: 1800,
      cases: [
        { group: 'normal', count: 300 },
        { group: 'abnormal', count: 33 },
      ],
    },
    groups: {},
    elapsedSec: 1800,
    interrupted: false,
    checks: [],
  };
  const sections = errCodeSections(view, 'en');
  assert.deepEqual(
    sections.map((s) => s.id),
    ['err-codes', 'cache'],
  );
  assert.deepEqual(sections[1]?.lines, [
    'each case was sent every 1.67 s (333 cases at 200/s)',
    'the replies declared a lifespan (how long WeChat may cache an answer) of 60 s (90%), 0 s (10%)',
  ]);
  const zh = errCodeSections(view, 'zh');
  assert.deepEqual(zh[1]?.lines, [
    '每条用例每 1.67 s 发送一次（333 条用例，速率 200/s）',
    '应答声明的 lifespan（微信可缓存应答的时长）为 60 s (90%), 0 s (10%)',
  ]);
  assert.deepEqual(zh[0]?.table?.rows[1], ['全部', '-1', '无结果', '10', '10%']);
});
