// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startTarget, type Target } from '../../../test/helpers/target.js';
import '../../builtins.js';
import { InvalidInputError } from '../../core/errors/index.js';
import { optionsLayer } from '../plan/index.js';
import { ownFields } from '../plan/plan-fields.js';
import type { ProgressSnapshot } from '../progress/index.js';
import { loadTest, type ScriptContext } from '../script/index.js';
import { type RunOptions, run, start } from './run-api.js';

let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 2 });
});
after(() => target.close());

/** A loopback server that counts requests by method and path. */
async function countingServer(): Promise<{ url: string; counts(): Record<string, number>; close(): Promise<void> }> {
  const seen: Record<string, number> = {};
  const server = createServer((req, res) => {
    const key = `${req.method} ${req.url?.split('?')[0]}`;
    seen[key] = (seen[key] ?? 0) + 1;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...seen }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('run() takes exactly what a load file takes: every plan field is an option, every option is a field or code', () => {
  // Required<>: adding an option without listing it here fails the type check.
  const every: Required<
    Omit<RunOptions, 'onProgress' | 'protocolOptions' | 'scenarios' | 'data' | 'setup' | 'teardown'>
  > = {
    url: 'http://127.0.0.1/',
    script: 'x.load.ts',
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
    replaceChecks: false,
    abortOnFail: false,
    okStatus: '200',
    followRedirects: 10,
    preset: 'p',
    protocol: 'http',
    maxInflight: 1,
    queue: 1,
    timeout: '1s',
    warmup: 10,
    workers: 1,
    segment: '0/1',
    startAt: 0,
    insecure: false,
    client: 'h1',
    lang: 'en',
    seed: 1,
    watchPid: 1,
    watchCmd: 'node s.js',
    watchNodeExporter: 'http://127.0.0.1:9100/',
    watchReadyTimeout: '5s',
    out: 'results',
    formats: ['html'],
    overwrite: true,
    checkpoint: '10s',
    quiet: true,
    stream: '-',
    dashboard: true,
    dashboardHost: '127.0.0.1',
    prometheusRw: 'http://127.0.0.1:9090/api/v1/write',
    runId: 'r1',
    coordinator: 'http://127.0.0.1:7071/',
    coordinatorToken: 'coordinator-token',
  };
  const fields = ownFields().map((f) => f.key);
  assert.deepEqual(
    Object.keys(every).filter((k) => !fields.includes(k)),
    [],
    'an option that is no field',
  );
  assert.deepEqual(
    fields.filter((k) => !Object.hasOwn(every, k)),
    [],
    'a field that is no option',
  );
  assert.deepEqual(optionsLayer({ url: 'http://127.0.0.1/', cases: { normal: 'n.jsonl' } }).cases, {
    value: ['normal=n.jsonl'],
    where: 'options.cases',
  });
});

test("run() with scenarios sends the scenarios' requests, as a load file does; run(loadTest({...})) is the same", async () => {
  const server = await countingServer();
  try {
    const options = {
      url: server.url,
      rate: 40,
      duration: '1s' as const,
      checks: ['error_rate <= 0%'],
      scenarios: {
        a: { weight: 3, request: { path: '/a' } },
        b: { request: (ctx: ScriptContext) => ({ method: 'POST', path: '/b', body: { n: ctx.seq } }) },
      },
    };
    const result = await run(options);
    assert.equal(result.passed, true, JSON.stringify(result.checks));
    assert.deepEqual(server.counts(), { 'GET /a': 30, 'POST /b': 10 });
    assert.equal(result.groups['a']?.requests.ok, 30);
    const again = await run(loadTest({ ...options, duration: '500ms' }));
    assert.equal(again.requests.ok, 20);
    assert.deepEqual(server.counts(), { 'GET /a': 45, 'POST /b': 15 });
    // Worker threads each load the test from a file: a test given in code is refused, not half run.
    const err = await run({ ...options, workers: 2 }).catch((e: unknown) => e);
    assert.ok(err instanceof InvalidInputError, String(err));
    assert.match(err.message, /options\.workers: worker threads each load the test from a file/);
  } finally {
    await server.close();
  }
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
  assert.equal(err.code, 'LPTF_INVALID_INPUT');
  const lines = err.problems.map((p) => `${p.where}: ${p.message}`);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines.join('\n'), /options\.protocolOptions\.tokn: unknown field; did you mean token\?/);
  assert.match(lines.join('\n'), /options\.rate: /);
  assert.match(lines.join('\n'), /options\.checks: /);
  assert.equal((await target.arrivals()).length, before);
  // An unknown field, with scenarios too, is named in code's words; nothing is ignored.
  const unknown = await run({
    url: target.url,
    scenarios: { a: { request: { path: '/' } } },
    sheck: ['p(95) <= 1s'],
  } as never).catch((e: unknown) => e);
  assert.ok(unknown instanceof InvalidInputError, String(unknown));
  assert.match(unknown.message, /options\.sheck: unknown field; did you mean checks\?/);
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
