import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the example server is plain JavaScript, as a user would run it.
import { startApiServer } from '../examples/load/api-server.mjs';
import { isRunCheck } from '../src/core/checks/index.js';
import { stagedRate } from '../src/core/schedule/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { scenarioMix } from '../src/load/script/index.js';
import { DEMO_CREDENTIALS, hkStockCodes, startDemoServer } from '../src/widget/demo/index.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { assertExitIsVerdict, assertTargetFailed, readSummary } from './helpers/verdict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so a load file's `import … from 'lptf/load'` resolves to this build.
await mkdir(join(root, '.scratch'), { recursive: true });
const scratch = await mkdtemp(join(root, '.scratch', 'load-files-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** Writes a load file into the scratch folder and returns its path. */
async function loadFile(name: string, text: string): Promise<string> {
  const file = join(scratch, name);
  await writeFile(file, text);
  return file;
}

/** A loopback server that answers 200 `ok` (after `delayMs`) and keeps each request's path. */
async function pathServer(delayMs = 0): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => setTimeout(() => res.end('ok'), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('the 3-scenario example, a ramp 0 → 400/s over 5 s then 400/s for 10 s: each second and each scenario arrive as planned, and the steady check ignores a slow ramp', {
  skip: firstNodeOnly,
}, async () => {
  const seen: { t: number; scenario: string }[] = [];
  // The API is slow (150 ms) for its first 3 s (36% of the ramp's arrivals, 7% of the run's), as a
  // service warming up.
  const api = await startApiServer({
    slowForMs: 3_000,
    slowMs: 150,
    onRequest: (t: number, method: string, path: string) =>
      seen.push({ t, scenario: method === 'POST' ? 'search' : path.startsWith('/items?') ? 'list' : 'item' }),
  });
  const out = await mkdtemp(join(scratch, 'api-'));
  try {
    const run = await lptf(['run', 'examples/load/api.load.ts', '-q', '-o', out], {
      cwd: root,
      env: { LPTF_URL: api.url },
    });
    const summary = await readSummary(out);
    assert.equal(run.code, 0, `${run.stderr}\n${JSON.stringify(summary.checks)}`);
    const steady = summary.checks.find((c) => c.stage === 'steady');
    assert.ok(steady?.pass);
    // The ramp was slow: judged on the whole run, the same bound would have failed.
    assert.ok((summary.stages?.['ramp-up']?.latencyMs.p95 ?? 0) > 100, JSON.stringify(summary.stages?.['ramp-up']));
    assert.ok((summary.latencyMs.p95 ?? 0) > 50);
    assert.deepEqual(Object.keys(summary.groups).sort(), ['item', 'list', 'search']);

    // At the server: each second's arrivals of each scenario, against the plan.
    const schedule = stagedRate([
      { name: 'ramp-up', durationMs: 5_000, target: 400 },
      { name: 'steady', durationMs: 10_000, target: 400 },
    ]);
    assert.equal(seen.length, schedule.total);
    const names = ['list', 'item', 'search'];
    const mix = scenarioMix([5, 3, 2]);
    const planned = new Map<string, number>();
    for (let i = 0; i < schedule.total; i++) {
      const key = `${Math.floor(schedule.dueAtMs(i) / 1000)} ${names[mix(i)]}`;
      planned.set(key, (planned.get(key) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (const { t, scenario } of seen) {
      const key = `${Math.min(14, Math.floor(t / 1000))} ${scenario}`;
      got.set(key, (got.get(key) ?? 0) + 1);
    }
    for (const [key, n] of planned) {
      const g = got.get(key) ?? 0;
      // Within 2%; in the ramp's first seconds (a few a second) one request on a second's edge is more.
      assert.ok(Math.abs(g - n) <= Math.max(0.02 * n, 2), `second and scenario ${key}: ${g} arrived, ${n} planned`);
    }
    // The weights, over the whole run, within 1%.
    for (const [k, name] of names.entries()) {
      const share = seen.filter((s) => s.scenario === name).length / seen.length;
      const weight = [0.5, 0.3, 0.2][k] as number;
      assert.ok(Math.abs(share - weight) <= 0.01 * weight, `${name}: ${share} of the arrivals, weight ${weight}`);
    }
  } finally {
    await api.close();
  }
});

test('a unique feeder never gives a row twice, across worker threads; when it runs out, its requests fail as data_exhausted', async () => {
  const server = await pathServer();
  const rows = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `u${i}` })).join('\n');
  await writeFile(join(scratch, 'users.jsonl'), `${rows}\n`);
  const file = await loadFile(
    'unique.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${server.url}',
  rate: 200,
  duration: '2s',
  workers: 2,
  data: { users: { file: 'users.jsonl', mode: 'unique' } },
  scenarios: { signup: { request: { method: 'POST', path: '/signup/{{data.users.id}}', body: '{"n": {{seq}}}' } } },
});
`,
  );
  const out = await mkdtemp(join(scratch, 'unique-'));
  try {
    const run = await lptf(['run', file, '-q', '-o', out]);
    assertTargetFailed(run, await readSummary(out));
    const ids = server.paths.map((p) => p.replace('/signup/', ''));
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300, 'a row was used twice');
    const summary = await readSummary(out);
    assert.equal(summary.errors['data_exhausted'], 100);
    assert.match(summary.examples['data_exhausted']?.[0] ?? '', /feeder users: every row is used \(unique\)/);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    assert.match(report, /data_exhausted/);
  } finally {
    await server.close();
  }
});

describe('bad load files are refused before any traffic (exit 2), each problem named where it is', () => {
  const refused = async (name: string, body: string, ...patterns: RegExp[]): Promise<void> => {
    const server = await pathServer();
    const file = await loadFile(name, body.replaceAll('URL', server.url));
    try {
      const run = await lptf(['run', file, '-q']);
      assert.equal(run.code, 2, run.stderr);
      for (const p of patterns) assert.match(run.stderr, p);
      assert.equal(server.paths.length, 0, 'traffic was sent');
    } finally {
      await server.close();
    }
  };
  test('a file that throws on import, with its line', () =>
    refused(
      'throws.load.ts',
      `import { loadTest } from 'lptf/load';\nconst n: number = 1;\nif (n > 0) throw new Error('no config here');\nexport default loadTest({ url: 'URL' });\n`,
      /throws\.load\.ts:3: it throws on import: Error: no config here/,
    ));
  test('a file that exports no loadTest()', () =>
    refused('plain.load.mjs', `export default { url: 'URL' };\n`, /plain\.load\.mjs: exports no loadTest\(\)/));
  test('a missing file', async () => {
    const run = await lptf(['run', join(scratch, 'gone.load.ts'), '-q']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot read the load file .*gone\.load\.ts: ENOENT/);
  });
  test('weights that sum to 0, a stage of no time, an unknown placeholder, a missing data file, an unknown field', () =>
    refused(
      'many.load.ts',
      `import { loadTest } from 'lptf/load';
export default loadTest({
  url: 'URL',
  stages: ['0s:100'],
  rat: 3,
  data: { users: { file: 'nope.csv' } },
  scenarios: {
    a: { weight: 0, request: { path: '/{{data.users.id}}/{{bogus}}' } },
    b: { weight: 0, request: { path: '/b' } },
  },
} as never);
`,
      /many\.load\.ts:5 rat: unknown field; did you mean rate\?/,
      /stage 1: "0s" is not a positive duration/,
      /cannot read it: ENOENT/,
      /scenarios\.a\.request\.path: unknown placeholder \{\{bogus\}\}/,
    ));
  test("problems in the file's own words: its TypeScript fields, their lines, no second error after the first", async () => {
    await refused(
      'words.load.ts',
      `import { loadTest } from 'lptf/load';
export default loadTest({
  url: 'URL',
  ok_status: '200',
  connections: 3,
  rate: 5,
  scenarios: {
    a: {
      request: { path: '/a' },
      weight: -1,
    },
  },
} as never);
`,
      /words\.load\.ts:4 ok_status: unknown field; did you mean okStatus\? known fields: url, script, cases, method, headers/,
      /words\.load\.ts:5 connections: a closed loop has no rate: give rate \(open model\) or connections \(closed loop\), not both/,
      /words\.load\.ts:10 scenarios\.a\.weight: must be a number >= 0; got -1/,
    );
    // A TypeScript error in full, at its line and column, and no "a target URL is required" after it.
    const file = await loadFile(
      'typo.load.ts',
      `import { loadTest } from 'lptf/load';\nexport default loadTest({\n  rate: 10 +,\n});\n`,
    );
    const run = await lptf(['run', file, '-q']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /typo\.load\.ts:3:\d+: it does not compile: .+/);
    assert.match(run.stderr, /1 problem found/);
    assert.doesNotMatch(run.stderr, /target URL is required|Transform failed/);
  });
  test('weights that sum to 0, alone', () =>
    refused(
      'zero.load.ts',
      `import { loadTest } from 'lptf/load';
export default loadTest({ url: 'URL', scenarios: { a: { weight: 0, request: { path: '/a' } } } });
`,
      /zero\.load\.ts:2 scenarios: the weights sum to 0/,
    ));
  test('a check of a scenario the file does not have, or of a case group', () =>
    refused(
      'scope.load.ts',
      `import { loadTest } from 'lptf/load';
export default loadTest({ url: 'URL', checks: ['p95{scenario:nope} <= 1s', 'p95{group:a} <= 1s'], scenarios: { a: { request: { path: '/a' } } } });
`,
      /checks the scenario "nope", which this plan does not have; its scenarios: a/,
      /"p\(95\)\{group:a\} <= 1000ms": with scenarios, each request is counted under its scenario; check one with \{scenario:name\} \(a\)/,
    ));
  test("a scenario's protocol that is unknown, has an option it does not declare or lacks a credential, and a case group the plan lacks", () =>
    refused(
      'protocols.load.ts',
      `import { loadTest } from 'lptf/load';
import { wechatWidget } from 'lptf/widget';
export default loadTest({
  url: 'URL',
  cases: { normal: '${join(root, 'examples/load/cases/normal.jsonl')}' },
  scenarios: {
    a: { protocol: { name: 'smtp' } },
    b: { protocol: wechatWidget({ plain: true, secret: 'x' } as never) },
    c: { protocol: wechatWidget({ plain: false }), caseGroup: 'abnormal' },
  },
});
`,
      /protocols\.load\.ts:7 scenarios\.a\.protocol\.name: unknown protocol "smtp"; known: http, http2, wechat-widget, ws, grpc/,
      /scenarios\.b\.protocol\.options\.secret: is not a field of wechat-widget; its fields: token, aesKey/,
      /--token: required by the widget protocol/,
      /scenarios\.c\.caseGroup: the plan has no case group "abnormal"; its groups: normal/,
    ));
});

test('request() and check() that throw or return garbage count as script_error with examples; the run goes on', async () => {
  const server = await pathServer();
  const file = await loadFile(
    'garbage.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${server.url}',
  rate: 100,
  duration: '1s',
  scenarios: {
    good: { request: { path: '/good' }, check: (res) => res.text === 'ok' },
    throws: { request: (ctx) => { if (ctx.seq >= 0) throw new TypeError('no user'); return { path: '/' }; } },
    garbage: { request: () => 42 as never },
    badcheck: { request: { path: '/c' }, check: () => { throw new Error('bad check'); } },
    reason: { request: { path: '/r' }, check: (res) => res.status === 201 || 'wanted 201' },
  },
});
`,
  );
  const out = await mkdtemp(join(scratch, 'garbage-'));
  try {
    const run = await lptf(['run', file, '-q', '-o', out]);
    const s = await readSummary(out);
    assertTargetFailed(run, s);
    assert.equal(s.groups['good']?.requests.ok, 20);
    // A request() that throws never sends: unsent, with its kind.
    assert.equal(s.groups['throws']?.errors['script_error'], 20);
    assert.equal(s.groups['throws']?.requests.sent, 0);
    assert.equal(s.groups['throws']?.requests.unsent, 20);
    assert.match(
      s.groups['throws']?.examples['script_error']?.[0] ?? '',
      /request\(\) of throws threw TypeError: no user/,
    );
    assert.match(s.groups['garbage']?.examples['script_error']?.[0] ?? '', /request\(\) of garbage returned number/);
    assert.match(
      s.groups['badcheck']?.examples['script_error']?.[0] ?? '',
      /check\(\) of badcheck threw Error: bad check/,
    );
    assert.equal(s.groups['reason']?.errors['check:reason'], 20);
    assert.deepEqual(s.groups['reason']?.examples['check:reason'], ['wanted 201 (GET /r → 200 OK)']);
    // Only the scenarios that build a request reach the server.
    assert.equal(server.paths.length, 60);
  } finally {
    await server.close();
  }
});

test('a request() that blocks the thread makes the run generator-limited: its own checks fail, and the verdict is inconclusive (exit 3), never the target’s failure', async () => {
  const server = await pathServer();
  const file = await loadFile(
    'blocking.load.ts',
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${server.url}',
  rate: 100,
  duration: '2s',
  scenarios: {
    slow: {
      request: () => {
        const until = performance.now() + 25;
        while (performance.now() < until);
        return { path: '/slow' };
      },
    },
  },
});
`,
  );
  const out = await mkdtemp(join(scratch, 'blocking-'));
  try {
    const run = await lptf(['run', file, '-q', '-o', out]);
    assert.equal(run.code, 3, run.stderr);
    const s = await readSummary(out);
    assert.equal(s.generator.behind, true);
    assert.equal(s.checks.find((c) => c.metric.kind === 'send_lateness_p99')?.pass, false);
    // The target's checks passed at the load it got, which was not the plan's.
    assert.equal(s.verdict, 'inconclusive');
    assert.match(
      run.stdout,
      /INCONCLUSIVE \(exit 3\): every check of the target passed, but the plan was not delivered/,
    );
  } finally {
    await server.close();
  }
});

test('the widget self-test as a load file gives the verdicts the flags give', async () => {
  const server = await startDemoServer(hkStockCodes(300), {
    credentials: DEMO_CREDENTIALS.credentials,
    wire: { plain: false, format: 'json' },
  });
  const c = DEMO_CREDENTIALS.text;
  const env = { LPTF_WX_TOKEN: c.token, LPTF_WX_AES_KEY: c.aesKey, LPTF_WX_APPID: c.appId, LPTF_WX_GH_ID: c.ghId };
  // A short constant rate over the file's ramp: flags override the file.
  const quick = ['-d', '3s', '-r', '50', '--seed', '7', '-q'];
  try {
    const byFile = await mkdtemp(join(scratch, 'widget-file-'));
    const file = await lptf(['run', 'examples/load/widget.load.ts', ...quick, '-o', byFile], {
      cwd: root,
      env: { ...env, LPTF_URL: server.url },
    });
    const byFlags = await mkdtemp(join(scratch, 'widget-flags-'));
    const cases = [
      '--cases',
      'normal=examples/load/cases/normal.jsonl',
      '--cases',
      'abnormal=examples/load/cases/abnormal.jsonl',
    ];
    const flags = await lptf(['run', server.url, '--preset', 'wechat-widget', ...cases, ...quick, '-o', byFlags], {
      cwd: root,
      env,
    });
    const [a, b] = [await readSummary(byFile), await readSummary(byFlags)];
    // The same checks, and the same verdicts on the target's answers; the run's own checks (its
    // pacing, its generator's lateness) are each run's, and each exits with its verdict.
    assertExitIsVerdict(file, a);
    assertExitIsVerdict(flags, b);
    const names = (s: RunResult) => [...s.checks, ...s.info].map((x) => x.name);
    assert.deepEqual(names(a), names(b));
    const verdicts = (s: RunResult) =>
      [...s.checks, ...s.info].filter((x) => !isRunCheck(x)).map((x) => [x.name, x.pass]);
    assert.deepEqual(verdicts(a), verdicts(b));
    assert.equal(a.target.preset, 'wechat-widget');
    assert.deepEqual(
      a.target.cases.map((x) => [x.group, x.count]),
      b.target.cases.map((x) => [x.group, x.count]),
    );
    // The file's scenarios send each group through wechatWidget(), named as the groups: the same
    // err_code rows, each as its group expects, in the same proportion as the flags' shared order.
    assert.equal(a.target.protocol, 'wechat-widget');
    for (const s of [a, b]) {
      assert.deepEqual(Object.keys(s.groups).sort(), ['abnormal', 'normal']);
      assert.ok(Object.keys(s.groups['abnormal']?.errCodes ?? {}).every((c) => ['-1', '-2'].includes(c)));
      assert.ok(Object.keys(s.groups['normal']?.errCodes ?? {}).every((c) => ['0', '-1'].includes(c)));
    }
    const share = (s: RunResult) => (s.groups['abnormal']?.requests.sent ?? 0) / s.requests.sent;
    assert.ok(Math.abs(share(a) - 33 / 333) < 0.01, `abnormal share ${share(a)}`);
    const report = await readFile(join(byFile, 'report.md'), 'utf8');
    assert.match(report, /err_code/);
  } finally {
    await server.stop();
  }
});
