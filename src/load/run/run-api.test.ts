import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../../../test/helpers/target.js';
import '../../builtins.js';
import { InvalidInputError } from '../../core/errors/index.js';
import { optionsLayer, planFields } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import { type RunOptions, run, start } from './run-api.js';

let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 2 });
});
after(() => target.close());

test("every option but the callbacks and the protocol's own is a plan field, spelt as the field", () => {
  // Required<>: adding an option without listing it here fails the type check.
  const every: Required<Omit<RunOptions, 'onProgress' | 'protocolOptions'>> = {
    url: 'http://127.0.0.1/',
    rate: 1,
    connections: 1,
    duration: '1s',
    stages: ['1s:5', { duration: '1s', target: 5, name: 'steady' }],
    startRate: 0,
    method: 'GET',
    headers: {},
    body: '',
    cases: [],
    checks: [],
    okStatus: '200',
    preset: 'p',
    protocol: 'http',
    maxInflight: 1,
    queue: 1,
    timeout: '1s',
    workers: 1,
    segment: '0/1',
    startAt: 0,
    insecure: false,
    client: 'h1',
    lang: 'en',
    seed: 1,
  };
  const keys = new Set(planFields().map((f) => f.key));
  assert.deepEqual(
    Object.keys(every).filter((k) => !keys.has(k)),
    [],
  );
  assert.deepEqual(optionsLayer({ url: 'http://127.0.0.1/', cases: { normal: 'n.jsonl' } }).cases, {
    value: ['normal=n.jsonl'],
    where: 'options.cases',
  });
});

test('a bad plan rejects with every problem at once, each naming its option, before any traffic', async () => {
  const before = (await target.arrivals()).length;
  const err = await run({
    url: target.url,
    rate: -5,
    duration: '1s',
    checks: ['p(95) <= soon'],
    protocolOptions: { tokn: 'x' },
  }).catch((e: unknown) => e);
  assert.ok(err instanceof InvalidInputError, String(err));
  const lines = err.problems.map((p) => `${p.where}: ${p.message}`);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines.join('\n'), /options\.protocolOptions\.tokn: unknown field; did you mean token\?/);
  assert.match(lines.join('\n'), /options\.rate: /);
  assert.match(lines.join('\n'), /options\.checks: /);
  assert.equal((await target.arrivals()).length, before);
});

test('run() resolves with the result lptf run writes; start() reports progress and stops early without losing it', async () => {
  const result = await run({ url: target.url, rate: 40, duration: '1s', checks: ['error_rate <= 0%'] });
  assert.equal(result.requests.ok, 40);
  assert.equal(result.passed, true);
  assert.equal(result.meta.command, 'run()');
  const seen: ProgressSnapshot[] = [];
  const test = await start({ url: target.url, rate: 50, duration: '30s', onProgress: (s) => seen.push(s) });
  await new Promise((r) => setTimeout(r, 1_300));
  test.stop();
  const stopped = await test.result;
  assert.equal(stopped.interrupted, true);
  assert.ok(stopped.requests.ok >= 50 && stopped.requests.ok < 100, String(stopped.requests.ok));
  assert.ok(seen.length >= 1 && seen[0]!.targetRate === 50, JSON.stringify(seen));
});
