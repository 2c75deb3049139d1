import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flags, planOf, problemsOf as problemsOfWith } from '../../../test/helpers/plan.js';
import '../../builtins.js';
import { parseStatusRanges } from '../../core/checks/status-ranges.js';
import type { Problem } from '../../core/errors/index.js';
import type { WidgetBound } from '../../widget/protocol/index.js';
import type { PlanInput } from '../fields/field.js';
import { maxSecondsFor, resultBytes } from '../fields/plan-bounds.js';
import { localeLang } from '../fields/run-fields.js';
import { bindScenarios } from '../script/bind-scenarios.js';
import { loadTest } from '../script/index.js';
import { parseConfig } from './config-file.js';
import { showValue } from './plan-overrides.js';
import { resolvePlan } from './resolve-plan.js';

const problemsOf = (layers: PlanInput[]): Promise<string[]> => problemsOfWith(resolvePlan, layers);

test('defaults: 200 req/s for 30 s, error_rate <= 1% and the run checks, GET', async () => {
  const { plan } = await resolvePlan([flags({ url: 'http://127.0.0.1:8080/x?a=1' })]);
  assert.equal(plan.rate, 200);
  assert.equal(plan.durationMs, 30_000);
  assert.equal(plan.queueCapacity, 2000);
  assert.equal(plan.method, 'GET');
  assert.equal(plan.origin, 'http://127.0.0.1:8080');
  assert.deepEqual(
    plan.checks.map((c) => c.name),
    ['error_rate <= 1%', 'delivered >= 95%', 'send_lateness_p99 <= 10ms'],
  );
  assert.equal(plan.path.render({ testCase: {} as never, seq: 0 }), '/x?a=1');
});

test('a run check in the plan replaces its default; a closed loop has none, and refuses delivered; a run check takes no group', async () => {
  const url = 'http://127.0.0.1:8080/';
  const overload = await resolvePlan([flags({ url, checks: ['delivered >= 50%'] })]);
  assert.deepEqual(
    overload.plan.checks.map((c) => c.name),
    ['delivered >= 50%', 'send_lateness_p99 <= 10ms'],
  );
  const closed = await resolvePlan([flags({ url, connections: 4 })]);
  assert.deepEqual(
    closed.plan.checks.map((c) => c.name),
    ['error_rate <= 1%'],
  );
  assert.deepEqual(await problemsOf([flags({ url, connections: 4, checks: ['delivered >= 90%'] })]), [
    '--checks: "delivered >= 90%": a closed loop plans no rate to deliver; use --rate',
  ]);
  const grouped = await problemsOf([flags({ url, checks: ['send_lateness_p99{group:normal} <= 5ms'] })]);
  assert.match(grouped[0] ?? '', /send_lateness_p99 is measured on the whole run; leave out \{group:normal\}/);
});

test("the reports' language follows the locale as POSIX reads it; the widget preset's form is Chinese whatever the locale", async () => {
  assert.equal(localeLang({ LANG: 'zh_CN.UTF-8' }), 'zh');
  assert.equal(localeLang({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }), 'en');
  assert.equal(localeLang({ LANG: 'C.UTF-8', LC_MESSAGES: 'zh_TW' }), 'zh');
  assert.equal(localeLang({}), 'en');
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-lang-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const widget = { url: 'http://127.0.0.1/', preset: 'wechat-widget', plain: true, cases: [join(dir, 'normal.jsonl')] };
  assert.equal((await resolvePlan([flags(widget)])).plan.lang, 'zh');
  assert.equal((await resolvePlan([flags({ ...widget, lang: 'en' })])).plan.lang, 'en');
});

test('the wechat-widget preset sets rate, duration and the three rows of the form; flags override it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const { plan } = await resolvePlan([
    flags({
      url: 'http://127.0.0.1/',
      preset: 'wechat-widget',
      duration: '1m',
      plain: true,
      cases: [join(dir, 'normal.jsonl')],
    }),
  ]);
  assert.equal((plan.protocol as WidgetBound).settings.wire.plain, true);
  assert.equal(plan.method, 'POST');
  assert.equal(plan.rate, 200);
  assert.equal(plan.durationMs, 60_000);
  assert.deepEqual(
    plan.checks.map((c) => c.name),
    [
      'share(<=170ms) >= 95%',
      'share(>870ms) <= 1%',
      'expected_rate >= 100%',
      'delivered >= 95%',
      'send_lateness_p99 <= 10ms',
    ],
  );
  assert.deepEqual(
    plan.info.map((c) => c.name),
    ['share(<=300ms) >= 95%', 'share(>1000ms) <= 1%'],
  );
});

test('every problem in a plan is reported at once, each with its source', async () => {
  const problems = await problemsOf([
    flags({
      url: 'not a url',
      rate: '0',
      duration: 'soon',
      checks: ['latency < 5'],
      maxInflight: '-1',
      okStatus: '2xx-',
      lang: 'fr',
      preset: 'nope',
    }),
  ]);
  const where = problems.map((p) => p.split(':')[0]);
  for (const f of ['--url', '--rate', '--duration', '--checks', '--maxInflight', '--okStatus', '--lang', '--preset'])
    assert.ok(where.includes(f), `${f} in ${where}`);
  assert.ok(problems.some((p) => /--rate: must be a rate .* got "0"/.test(p)));
  assert.ok(problems.some((p) => /--duration: "soon" is not a positive duration/.test(p)));
  assert.ok(problems.some((p) => /unknown check "latency < 5"/.test(p)));
});

test('the widget protocol needs its credentials, each checked by name', async () => {
  const missing = await problemsOf([flags({ url: 'http://127.0.0.1/', preset: 'wechat-widget' })]);
  assert.deepEqual(
    missing.map((p) => p.split(':')[0]),
    ['--token', '--appid', '--aes-key', '--cases'],
  );
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const cases = [join(dir, 'normal.jsonl')];
  const bad = await problemsOf([
    flags({
      url: 'http://127.0.0.1/',
      preset: 'wechat-widget',
      token: 'ok123',
      appId: 'wx1',
      aesKey: 'short',
      ghId: 'nope',
      expect: ['abnormal=x'],
      cases,
    }),
  ]);
  assert.match(bad.join('\n'), /--aesKey: an EncodingAESKey is 43 characters .* got 5 characters/);
  assert.match(bad.join('\n'), /--ghId: "nope" is not a mini program original id/);
  assert.match(bad.join('\n'), /--expect: "abnormal=x" is not group=err_codes/);
  const alphabet = await problemsOf([
    flags({
      url: 'http://127.0.0.1/',
      preset: 'wechat-widget',
      token: 'ok123',
      appId: 'wx1',
      aesKey: `${'a'.repeat(42)}!`,
      cases,
    }),
  ]);
  assert.match(alphabet.join('\n'), /--aesKey: an EncodingAESKey is 43 characters of A-Z/);
  const { plan } = await resolvePlan([
    flags({
      url: 'http://127.0.0.1/',
      preset: 'wechat-widget',
      token: 'ok123',
      appId: 'wx1',
      aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      expect: ['abnormal=-2'],
      cases,
    }),
  ]);
  const { settings } = plan.protocol as WidgetBound;
  assert.deepEqual(settings.expect['abnormal'], [-2]);
  assert.deepEqual(settings.expect['normal'], [0, -1]);
  assert.equal(settings.credentials.key.length, 32);
});

test('a missing URL, a negative rate and a missing case file are all reported', async () => {
  const problems = await problemsOf([flags({ rate: -5, cases: ['/nonexistent/normal.jsonl'] })]);
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /<url>: a target URL is required/);
  assert.match(problems.join('\n'), /\/nonexistent\/normal.jsonl: cannot read the case file: no such file/);
});

test('cases imply a JSON POST of each case; headers merge across layers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const { plan, caseGroups } = await resolvePlan([
    flags({ headers: { 'X-Env': 'test', Authorization: 'a' } }),
    flags({ url: 'http://127.0.0.1/', cases: [join(dir, 'normal.jsonl')], headers: ['Authorization: b'] }),
  ]);
  assert.equal(plan.method, 'POST');
  assert.deepEqual(plan.headers, { 'x-env': 'test', authorization: 'b', 'content-type': 'application/json' });
  assert.equal(caseGroups[0]!.label, 'normal');
  assert.equal(plan.body?.render({ testCase: caseGroups[0]!.cases[0]!, seq: 0 }), '{"type": 1, "slot_list": []}');
});

test('a config file gives each field its file and line; unknown keys are errors, reported with every other problem', async () => {
  const input = parseConfig(
    '# plan\nurl: http://127.0.0.1:8080/\nrate: 200\nmax-inflight: 50\ncases:\n  normal: n.jsonl\n',
    '/plans/p.yaml',
  );
  assert.deepEqual(input.rate, { value: 200, where: '/plans/p.yaml:3 rate' });
  assert.deepEqual(input.maxInflight, { value: 50, where: '/plans/p.yaml:4 max-inflight' });
  assert.deepEqual(input.cases?.value, ['normal=/plans/n.jsonl']);
  const unknown = await problemsOf([
    parseConfig('url: http://127.0.0.1/\nrat: 100\nvelocity: 3\nduration: forever\n', 'p.yaml'),
  ]);
  assert.equal(unknown.length, 3, unknown.join('\n'));
  assert.match(unknown[0]!, /^p\.yaml:2 rat: unknown field; did you mean rate\? known fields: url, .*max-inflight/);
  assert.match(unknown[1]!, /^p\.yaml:3 velocity: unknown field; known fields: /);
  assert.match(unknown[2]!, /^p\.yaml:4 duration: "forever" is not a positive duration/);
  assert.throws(() => parseConfig('rate: [200\n', 'p.yaml'), /p\.yaml:\d+: not valid YAML\/JSON/);
  assert.deepEqual(parseConfig('{"rate": 5, "duration": "1m"}', 'p.json').duration, {
    value: '1m',
    where: 'p.json:1 duration',
  });
  const widget = parseConfig('token: t0k\naes-key: k\nappid: wx1\ngh-id: gh_1\nexpect:\n  abnormal: [-2]\n', 'w.yaml');
  assert.deepEqual(Object.keys(widget), ['token', 'aesKey', 'appId', 'ghId', 'expect']);
  assert.deepEqual(widget.expect?.value, { abnormal: [-2] });
});

test('a header value with a control byte, or that is no text, is refused up front, naming the header (R14)', async () => {
  const config = parseConfig(
    'url: http://127.0.0.1/\nheaders:\n  X-Token: "a\\r\\nInjected: 1"\n  X-Nul: "b\\u0000"\n  X-Soh: "a\\u0001b"\n  X-Tab: "a\\tb"\n  X-Obj: {a: 1}\n  X-Null: null\n  X-List: [1, 2]\n',
    'h.yaml',
  );
  const control = 'its value holds a control byte (a line break, NUL, …), which HTTP does not allow';
  assert.deepEqual(await problemsOf([config]), [
    `h.yaml:2 headers: header "X-Token": ${control}`,
    `h.yaml:2 headers: header "X-Nul": ${control}`,
    `h.yaml:2 headers: header "X-Soh": ${control}`,
    'h.yaml:2 headers: header "X-Obj": its value must be a text; got object',
    'h.yaml:2 headers: header "X-Null": its value must be a text; got null',
    'h.yaml:2 headers: header "X-List": its value must be a text; got a list',
  ]);
  assert.deepEqual(await problemsOf([flags({ url: 'http://127.0.0.1/', headers: ['X: a\u0001b'] })]), [
    `--headers: header "X": ${control}`,
  ]);
});

test('every bound is checked before any traffic, each naming its flag: rate, workers, in-flight, connections, queue, start time', async () => {
  const url = 'http://127.0.0.1/';
  const problems = await problemsOf([
    flags({ url, rate: '1e9', workers: 5000, maxInflight: 2_000_000, queue: 1e12, startAt: '9999999999999999' }),
  ]);
  assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), [
    '--maxInflight',
    '--queue',
    '--rate',
    '--startAt',
    '--workers',
  ]);
  assert.match(
    problems.join('\n'),
    /--rate: 1000000000 req\/s is more than one run can pace \(1,000,000\/s\); spread it over machines with --segment/,
  );
  assert.match(problems.join('\n'), /--workers: 5000 is more than 256: threads beyond the cores only contend/);
  assert.match(problems.join('\n'), /--startAt: "9999999999999999" is not a time/);
  assert.match(
    (await problemsOf([flags({ url, connections: 5_000_000 })])).join('\n'),
    /--connections: 5000000 is more than 1,000,000: each is a socket/,
  );
});

test('a bad value in a config file is reported with its file, line and field', async () => {
  const config = parseConfig('url: http://127.0.0.1/\nrate: fast\nchecks:\n  - "p(95) <= soon"\n', 'lptf.config.yaml');
  const problems = await problemsOf([config]);
  assert.deepEqual(
    problems.map((p) => p.split(': ')[0]),
    ['lptf.config.yaml:2 rate', 'lptf.config.yaml:3 checks'],
  );
});

test('accepted statuses', () => {
  const ok = parseStatusRanges('200-299,404')!;
  assert.deepEqual([199, 200, 299, 300, 404, 500].map(ok), [false, true, true, false, true, false]);
  assert.equal(parseStatusRanges('2xx,3xx')!(302), true);
  for (const bad of ['abc', '299-200', '99', '200-']) assert.equal(parseStatusRanges(bad), undefined, bad);
});

test('a check of a case group the plan does not send is refused before any traffic, naming the groups', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const cases = [`normal=${join(dir, 'normal.jsonl')}`];
  assert.deepEqual(
    await problemsOf([flags({ url: 'http://127.0.0.1/', cases, checks: ['p(95){group:abnormal} <= 100ms'] })]),
    [
      '--checks: "p(95){group:abnormal} <= 100ms" checks the case group "abnormal", which this plan does not send; its groups: normal',
    ],
  );
  assert.match(
    (await problemsOf([flags({ url: 'http://127.0.0.1/', checks: ['error_rate{group:normal} <= 1%'] })]))[0]!,
    /which this plan does not send; it sends no case files/,
  );
  const { plan } = await resolvePlan([
    flags({ url: 'http://127.0.0.1/', cases, checks: ['p(95){group:normal} <= 100ms'] }),
  ]);
  assert.equal(plan.checks[0]?.group, 'normal');
});

/** A layer of values as a load file gives them. */
const fileLayer = (values: Record<string, unknown>): PlanInput =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, where: `f.load.ts: ${k}` }]));

test("checks add up layer by layer: a --check adds to the file's; --replace-checks drops those beneath it and says which", async () => {
  const url = 'http://127.0.0.1:8080/';
  const added = await resolvePlan([
    fileLayer({ url, checks: ['p(95) <= 1ms'] }),
    flags({ checks: ['error_rate <= 1%'] }),
  ]);
  assert.deepEqual(
    added.plan.checks.map((c) => [c.name, added.checkSource(c)]),
    [
      ['p(95) <= 1ms', 'f.load.ts: checks'],
      ['error_rate <= 1%', '--checks'],
      ['delivered >= 95%', 'lptf: every run checks itself'],
      ['send_lateness_p99 <= 10ms', 'lptf: every run checks itself'],
    ],
  );
  assert.ok(
    added.said.map((x) => x.en).includes('checks add up: 1 from f.load.ts: checks, 1 from --checks'),
    added.said.map((x) => x.en).join('\n'),
  );
  // The same check twice counts once.
  const twice = await resolvePlan([fileLayer({ url, checks: ['p95 <= 1ms'] }), flags({ checks: ['p(95) <= 1ms'] })]);
  assert.equal(twice.plan.checks.filter((c) => c.name === 'p(95) <= 1ms').length, 1);
  const replaced = await resolvePlan([
    fileLayer({ url, checks: ['p(95) <= 1ms'] }),
    flags({ checks: ['error_rate <= 1%'], replaceChecks: true }),
  ]);
  assert.deepEqual(
    replaced.plan.checks.map((c) => c.name),
    ['error_rate <= 1%', 'delivered >= 95%', 'send_lateness_p99 <= 10ms'],
  );
  assert.ok(
    replaced.said
      .map((x) => x.en)
      .includes('--replaceChecks: the checks of --checks replace those of f.load.ts: checks (p(95) <= 1ms)'),
    replaced.said.map((x) => x.en).join('\n'),
  );
  // A preset's checks stay unless replaced: a --check cannot pass a self-test by itself.
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-checks-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"type": 1, "slot_list": []}\n');
  const widget = { url, preset: 'wechat-widget', plain: true, cases: [join(dir, 'normal.jsonl')] };
  const self = await resolvePlan([flags({ ...widget, checks: ['p(99) <= 1s'] })]);
  assert.ok(self.plan.checks.some((c) => c.name === 'share(<=170ms) >= 95%'));
  assert.ok(self.plan.checks.some((c) => c.name === 'p(99) <= 1000ms'));
});

test('field by field the upper layer wins, and every value it replaced is said; the environment is above a config file', async () => {
  const config = parseConfig('url: http://127.0.0.1:1/\nrate: 10\ntimeout: 2s\n', 'plan.yaml');
  const env = { url: { value: 'http://127.0.0.1:2/', where: 'env LPTF_URL' } };
  const { plan, said } = await resolvePlan([fileLayer({ rate: 5, duration: '3s' }), config, env, flags({ rate: 7 })]);
  assert.equal(plan.url, 'http://127.0.0.1:2/');
  assert.equal(plan.rate, 7);
  assert.equal(plan.durationMs, 3000);
  assert.deepEqual(
    said.map((x) => x.en),
    [
      'url http://127.0.0.1:2/ (env LPTF_URL) replaces http://127.0.0.1:1/ (plan.yaml:1 url)',
      'rate 7 (--rate) replaces 5 (f.load.ts: rate), 10 (plan.yaml:2 rate)',
    ],
  );
  // Said in a zh run's language too.
  assert.equal(said[1]?.zh, 'rate 7（--rate）替换了 5（f.load.ts: rate）、10（plan.yaml:2 rate）');
});

test("a rate or duration above a file's stages makes a constant rate, said exactly; a scenario's own stages are not shortened", async () => {
  const url = 'http://127.0.0.1:8080/';
  const stages = fileLayer({ url, stages: ['5s:100', '15s:100'] });
  const shorter = await resolvePlan([stages, flags({ duration: '3s' })]);
  assert.equal(shorter.plan.stages, undefined);
  assert.equal(shorter.plan.rate, 100);
  assert.equal(shorter.plan.durationMs, 3000);
  assert.ok(
    shorter.said
      .map((x) => x.en)
      .includes(
        "stages 5s:100, 15s:100 (f.load.ts: stages) → constant 100/s for 3s (the rate is the stages' peak; the duration of --duration)",
      ),
    shorter.said.map((x) => x.en).join('\n'),
  );
  const slower = await resolvePlan([stages, flags({ rate: 50 })]);
  assert.equal(slower.plan.rate, 50);
  assert.equal(slower.plan.durationMs, 20_000);
  // Stages above a rate and duration beneath them replace both, said too.
  const ramp = await resolvePlan([fileLayer({ url, rate: 5, duration: '1m' }), flags({ stages: ['2s:20'] })]);
  assert.equal(ramp.plan.durationMs, 2000);
  assert.ok(
    ramp.said.map((x) => x.en).includes('stages 2s:20 (--stages) replace the rate 5 (f.load.ts: rate)'),
    ramp.said.map((x) => x.en).join('\n'),
  );
});

test('what a layer replaced, and --dry-run, show no credential: URLs, secret headers and commands are redacted', () => {
  assert.equal(
    showValue({ key: 'url' }, 'http://u:pw@127.0.0.1/?token=t'),
    'http://[redacted]@127.0.0.1/?token=[redacted]',
  );
  assert.equal(
    showValue({ key: 'prometheusRw' }, 'http://u:pw@127.0.0.1:9090/api/v1/write'),
    'http://[redacted]@127.0.0.1:9090/api/v1/write',
  );
  assert.equal(
    showValue({ key: 'headers' }, { authorization: 'Bearer abc', 'x-env': 'staging' }),
    '{"authorization":"[redacted]","x-env":"staging"}',
  );
  assert.equal(
    showValue({ key: 'headers' }, ['Authorization: Bearer abc', 'X-Env: staging']),
    'Authorization: [redacted], X-Env: staging',
  );
  assert.equal(showValue({ key: 'watchCmd' }, 'DB_PASSWORD=hunter2 node s.js'), 'DB_PASSWORD=[redacted] node s.js');
  assert.equal(showValue({ key: 'token', secret: true }, 'abc'), '***');
});

test('what a plan may ask is what a result file may hold: a duration, stages, a timeout and scenarios past the readers’ bounds are refused up front (N19, N20)', async () => {
  const url = 'http://127.0.0.1/';
  assert.deepEqual(await problemsOf([flags({ url, duration: '3000h', timeout: '2h' })]), [
    '--duration: "3000h" is too long: a run sends for at most 6 days',
    '--timeout: "2h" is too long: a request waits for at most 1 h',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, stages: ['400h:10', '400h:10'] })]), [
    '--stages: the stages last 33 days together: a run sends for at most 6 days',
  ]);
  const fine = await planOf({ url, duration: '144h', timeout: '1h' });
  assert.equal(fine.plan.durationMs, 144 * 3_600_000);
  // What it writes it reads back: 20 groups' per-second figures bound a run shorter (N56).
  const twenty = loadTest({
    scenarios: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, { request: { path: '/' } }])),
  });
  assert.deepEqual(await problemsOf([flags({ url, script: twenty, duration: '144h' })]), [
    '--duration: 144h of per-second figures in 20 group(s) would make results of about 717 MB, more than the 256 MB lptf reads back: at most 51h 25m with 20 group(s); run it as several shorter runs',
  ]);
  assert.ok(resultBytes(1_800_000, 2) < 2 ** 20, 'the seed’s 30 minutes in two groups: about 1 MB');
  assert.equal(maxSecondsFor(1), 536_870);
  const scenarios = (n: number): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, { request: { path: '/' } }]));
  const problems: Problem[] = [];
  assert.equal(bindScenarios(scenarios(1001) as never, [], 'f.load.ts: scenarios', problems), undefined);
  assert.deepEqual(
    problems.map((p) => p.message),
    ['1001 scenarios are more than 1000, more than a result file holds'],
  );
  assert.ok(bindScenarios(scenarios(1000) as never, [], 'f.load.ts: scenarios', []));
});
