import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCheck } from './parse-check.js';

test('parses the two self-test checks of the seed', () => {
  const within = parseCheck('share(<=170ms) >= 95%');
  assert.deepEqual(within.metric, { kind: 'share', op: '<=', boundMs: 170 });
  assert.equal(within.op, '>=');
  assert.equal(within.threshold, 0.95);
  assert.equal(within.unit, 'fraction');
  assert.equal(within.name, 'share(<=170ms) >= 95%');
  const over = parseCheck('share( > 870ms )<=1%');
  assert.deepEqual(over.metric, { kind: 'share', op: '>', boundMs: 870 });
  assert.equal(over.threshold, 0.01);
  assert.equal(over.name, 'share(>870ms) <= 1%');
});

test('parses percentiles, stats, rates and counts with units', () => {
  assert.deepEqual(parseCheck('p(95) <= 170ms').metric, { kind: 'percentile', p: 95 });
  assert.equal(parseCheck('p99.9 < 1s').threshold, 1000);
  assert.deepEqual(parseCheck('p(99.9) < 1s').metric, { kind: 'percentile', p: 99.9 });
  assert.equal(parseCheck('median <= 20').threshold, 20);
  assert.deepEqual(parseCheck('median <= 20').metric, { kind: 'percentile', p: 50 });
  assert.equal(parseCheck('mean < 1.5s').threshold, 1500);
  assert.equal(parseCheck('error_rate <= 0.01').threshold, 0.01);
  assert.equal(parseCheck('errors <= 1%').metric.kind, 'error_rate');
  assert.equal(parseCheck('dropped <= 0').unit, 'count');
  assert.equal(parseCheck('rate >= 195').unit, 'req/s');
});

test('a check can be scoped to a case group', () => {
  const c = parseCheck('p(95){group:normal} <= 170ms');
  assert.equal(c.group, 'normal');
  assert.equal(c.name, 'p(95){group:normal} <= 170ms');
});

test('rejects unknown checks and bad values with a reason', () => {
  assert.throws(() => parseCheck('latency < 5'), /unknown check "latency < 5"; accepted forms: share/);
  assert.throws(() => parseCheck('share(<=fast) >= 95%'), /"fast" is not a duration/);
  assert.throws(() => parseCheck('error_rate <= 5'), /not a share; write a percentage/);
  assert.throws(() => parseCheck('p(0) < 5ms'), /percentile must be in/);
  assert.throws(() => parseCheck('p(95) <= quick'), /not a duration/);
});

test('a bare share of 1 or more is refused as ambiguous: "errors < 1" means 1%, not 100%', () => {
  assert.throws(() => parseCheck('errors < 1'), /a bare 1 is ambiguous; write 1% for a percentage, or 100% for all/);
  assert.throws(() => parseCheck('error_rate <= 1'), /a bare 1 is ambiguous/);
  assert.throws(() => parseCheck('share(<=170ms) >= 1'), /a bare 1 is ambiguous/);
  assert.equal(parseCheck('error_rate <= 0.5').threshold, 0.5);
  assert.equal(parseCheck('expected_rate >= 100%').threshold, 1);
  assert.equal(parseCheck('failed <= 1').threshold, 1, 'counts are not shares');
});

test("the run's own metrics parse, as shares and a latency, and refuse a group", () => {
  assert.deepEqual(
    [parseCheck('delivered >= 95%'), parseCheck('send_lateness_p99 <= 10ms')].map((c) => [c.name, c.threshold, c.unit]),
    [
      ['delivered >= 95%', 0.95, 'fraction'],
      ['send_lateness_p99 <= 10ms', 10, 'ms'],
    ],
  );
  assert.throws(
    () => parseCheck('delivered{group:normal} >= 95%'),
    /delivered is measured on the whole run; leave out \{group:normal\}/,
  );
});

test('the server checks parse a CPU share of one core (above 100% for several) and a size, on the whole run only', () => {
  assert.deepEqual(
    [
      'server_cpu <= 80%',
      'server_cpu < 150%',
      'server_rss_growth <= 50MB',
      'server_rss_growth <= 1GB',
      'server_rss_growth <= 512KB',
      'server_rss_growth <= 20',
    ].map((t) => {
      const c = parseCheck(t);
      return [c.name, c.threshold, c.unit];
    }),
    [
      ['server_cpu <= 80%', 0.8, 'cpu'],
      ['server_cpu < 150%', 1.5, 'cpu'],
      ['server_rss_growth <= 50MB', 50, 'MB'],
      ['server_rss_growth <= 1024MB', 1024, 'MB'],
      ['server_rss_growth <= 0.5MB', 0.5, 'MB'],
      ['server_rss_growth <= 20MB', 20, 'MB'],
    ],
  );
  assert.throws(() => parseCheck('server_cpu <= 0.8'), /"0\.8" is not a CPU share; write a percentage of one core/);
  assert.throws(() => parseCheck('server_rss_growth <= lots'), /"lots" is not a size; write 50MB/);
  assert.throws(() => parseCheck('server_cpu{group:normal} <= 80%'), /server_cpu is measured on the whole run/);
});
