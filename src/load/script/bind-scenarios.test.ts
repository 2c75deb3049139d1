import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noCases, type TestCase } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import { compileTemplate } from '../../core/template/index.js';
import type { HttpResponse } from '../../core/transport/index.js';
import type { BoundProtocol, RequestPlan } from '../protocol/protocol.js';
import { bindScenarios } from './bind-scenarios.js';
import type { Scenario } from './load-test.js';

const plan: RequestPlan = { method: 'GET', path: compileTemplate('/'), headers: {}, isOk: (s) => s < 400 };
const answer = (status: number, body: unknown, headers: [string, string][] = []): HttpResponse => {
  const text = Buffer.from(JSON.stringify(body));
  return { status, bytes: text.length, body: text, headers };
};

const problemsOf = (scenarios: Record<string, unknown>): string[] => {
  const problems: Problem[] = [];
  bindScenarios(scenarios as Record<string, Scenario>, [], 'f.load.ts: scenarios', problems);
  return problems.map((p) => `${p.where}: ${p.message}`);
};

test("a flow's mistakes are all reported before any traffic, each where it is", () => {
  const found = problemsOf({
    both: { request: { path: '/' }, steps: [{ name: 'a', request: { path: '/' } }] },
    none: {},
    empty: { steps: [] },
    bad: {
      check: () => true,
      steps: [
        { name: 'a b', request: { path: '/' } },
        { name: 'x', request: { path: '/{{vars.}}' }, think: '-1s' },
        { name: 'x', request: { path: '/' }, think: 'soon', extract: 'token' },
      ],
    },
    plain: { request: { path: '/{{vars.token}}' }, cookies: true },
  });
  const expected = [
    /both: has both a request and steps/,
    /none: needs a request, or steps for a user flow/,
    /empty\.steps: must be a list of 1 to 100 steps/,
    /bad\.check: a flow's checks belong to its steps/,
    /bad\.steps\[0\]\.name: "a b" is not a step name/,
    /bad\.steps\[1\]\.think: "-1s" is not a think time/,
    /bad\.steps\[1\]\.request\.path: unknown placeholder \{\{vars\.\}\}/,
    /bad\.steps\[2\]\.name: "x" names two steps/,
    /bad\.steps\[2\]\.extract: must be a function/,
    /bad\.steps\[2\]\.think: "soon" is not a think time/,
    /plain\.cookies: is a user flow's/,
    /plain\.request\.path: unknown placeholder \{\{vars\.token\}\}/,
  ];
  for (const re of expected)
    assert.ok(
      found.some((f) => re.test(f)),
      `${re} not in:\n${found.join('\n')}`,
    );
  assert.deepEqual(
    problemsOf({ 'a.b': { request: { path: '/' } }, a: { steps: [{ name: 'b', request: { path: '/' } }] } }),
    ['f.load.ts: scenarios: "a.b" is both a scenario and a flow\'s step: rename one'],
  );
});

test('a flow carries its cookies and what its steps took to the next step; a bad extract fails its step as script_error', () => {
  const problems: Problem[] = [];
  const bound = bindScenarios(
    {
      shop: {
        steps: [
          {
            name: 'login',
            request: { method: 'POST', path: '/login', body: '{}' },
            extract: (res) => ({ cart: (res.json() as { cart: string }).cart }),
            think: '250ms',
          },
          { name: 'cart', request: { path: '/carts/{{vars.cart}}', headers: { cookie: 'lang=en' } } },
          {
            name: 'pay',
            request: (ctx) => ({ path: `/pay/${String(ctx.vars['cart'])}` }),
            extract: () => 'nothing' as never,
          },
        ],
      },
    },
    [],
    'scenarios',
    problems,
  );
  assert.deepEqual(problems, []);
  assert.ok(bound);
  assert.deepEqual(bound.names, ['shop.login', 'shop.cart', 'shop.pay']);
  assert.deepEqual(bound.shares, [{ name: 'shop', share: 1, steps: 3 }]);
  const p = bound.protocol;
  assert.equal(p.keepHeaders, true);
  const build = p.requestBuilder(plan);
  const classify = p.classifier(plan);
  const first = bound.arrivals(noCases(), 1).next();
  assert.equal(first.group, 'shop.login');
  assert.equal(build(first, 0).headers['cookie'], undefined, 'an arrival starts with an empty jar');
  const ok: Outcome = classify(answer(200, { cart: 'c7' }, [['set-cookie', 'sid=s1; HttpOnly']]), first, 0);
  assert.deepEqual(ok, { ok: true });
  const second = p.nextStep?.(first, 0);
  assert.equal(second?.afterMs, 250);
  assert.ok(second);
  const req = build(second.testCase, 0);
  assert.equal(req.path, '/carts/c7');
  assert.equal(req.headers['cookie'], 'lang=en; sid=s1', "the step's own cookie, then the jar's");
  classify(answer(200, {}), second.testCase, 0);
  const third = p.nextStep?.(second.testCase, 0);
  assert.ok(third);
  assert.equal(build(third.testCase, 0).path, '/pay/c7');
  const bad = classify(answer(200, {}), third.testCase, 0);
  assert.equal(bad.ok, false);
  assert.ok(
    !bad.ok && bad.kind === 'script_error' && /extract\(\) of shop\.pay returned nothing/.test(bad.example ?? ''),
  );
  assert.equal(p.nextStep?.(third.testCase, 0), undefined, 'the last step ends the flow');
  // Another arrival: its own jar and its own vars.
  const other = bound.arrivals(noCases(), 1).next();
  assert.equal(build(other, 1).headers['cookie'], undefined);
  assert.notEqual(other.vars, first.vars);
});

test("a scenario that speaks another protocol sends its own case group through it, the protocol judges before the scenario's check, and plain scenarios stay HTTP", () => {
  // A protocol that posts the case's text to the path it is given and reads the answer's code.
  const echo: BoundProtocol = {
    name: 'echo',
    keepBody: true,
    requestBuilder: (p) => (tc, seq) => ({
      method: 'POST',
      path: p.path.render({ testCase: tc, seq }),
      headers: p.headers,
      body: tc.text,
    }),
    classifier: () => (res, tc) => {
      const code = (JSON.parse(String(res.body)) as { code: number }).code;
      return code === 0 ? { ok: true, code: String(code) } : { ok: false, kind: `code_${code}_${tc.caseGroup}` };
    },
    caseWarnings: () => ['from echo'],
  };
  const http = { name: 'http', keepBody: false, requestBuilder: () => assert.fail(), classifier: () => assert.fail() };
  const bound: string[] = [];
  const problems: Problem[] = [];
  const scenarios = bindScenarios(
    {
      a: { caseGroup: 'alpha', protocol: { name: 'echo' }, request: { path: '/e', headers: { 'x-k': 'v' } } },
      b: { caseGroup: 'beta', protocol: { name: 'echo' }, check: (res) => res.text.includes('"ok"') || 'not ok' },
      h: { request: { path: '/health' } },
    },
    [],
    'f.load.ts: scenarios',
    problems,
    {
      protocol: http,
      bindProtocol: (c, where) => {
        bound.push(where);
        return (c as { name: string }).name === 'echo' ? echo : http;
      },
      caseGroups: ['alpha', 'beta'],
    },
  );
  assert.deepEqual(problems, []);
  assert.ok(scenarios);
  assert.deepEqual(bound, ['f.load.ts: scenarios.a.protocol', 'f.load.ts: scenarios.b.protocol']);
  assert.equal(scenarios.protocol.name, 'echo', "the run is recorded as the protocol's, for its report sections");
  assert.equal(scenarios.protocol.keepBody, true);
  assert.deepEqual(scenarios.protocol.caseWarnings?.([]), ['from echo']);
  const groupOf = (label: string, n: number) => ({
    label,
    file: `${label}.jsonl`,
    cases: Array.from({ length: n }, (_, i) => ({
      group: label,
      text: `${label}${i}`,
      json: '',
      file: `${label}.jsonl`,
      line: i + 1,
      value: {},
    })),
  });
  const groups = [groupOf('alpha', 3), groupOf('beta', 2)];
  const source = scenarios.arrivals(noCases(), 1, undefined, groups);
  const build = scenarios.protocol.requestBuilder({ ...plan, path: compileTemplate('/plan') });
  const classify = scenarios.protocol.classifier(plan);
  const seen: Record<string, string[]> = { a: [], b: [], h: [] };
  for (let seq = 0; seq < 30; seq++) {
    const tc = source.next();
    const r = build(tc, seq);
    seen[tc.group]?.push(tc.group === 'h' ? r.path : String(r.body));
    if (tc.group === 'a') assert.deepEqual([r.path, r.headers['x-k']], ['/e', 'v']);
    if (tc.group === 'b') assert.equal(r.path, '/plan', "without a path of its own, the plan's");
  }
  // Each protocol scenario cycles through its own group alone, every case once before any repeats.
  assert.deepEqual(new Set(seen['a']?.slice(0, 3)), new Set(['alpha0', 'alpha1', 'alpha2']));
  assert.deepEqual(new Set(seen['b']?.slice(0, 2)), new Set(['beta0', 'beta1']));
  assert.ok(seen['a']?.every((t) => t.startsWith('alpha')) && seen['b']?.every((t) => t.startsWith('beta')));
  assert.deepEqual(new Set(seen['h']), new Set(['/health']));
  const caseOf = (group: string): TestCase => {
    for (;;) {
      const tc = source.next();
      if (tc.group === group) return tc;
    }
  };
  const b = caseOf('b');
  assert.deepEqual(classify(answer(200, { code: 0, ok: 1 }), b, 0), { ok: true, code: '0' });
  assert.deepEqual(classify(answer(200, { code: 3 }), b, 0), { ok: false, kind: 'code_3_beta' });
  assert.deepEqual(classify(answer(200, { code: 0 }), b, 0), {
    ok: false,
    kind: 'check:b',
    example: 'not ok',
  });
  assert.deepEqual(classify(answer(503, {}), caseOf('h'), 0), { ok: false, kind: 'http_503' });
});

test("a protocol scenario's mistakes are reported where they are, and a flow speaks plain HTTP", () => {
  const echo = { name: 'echo', keepBody: true, requestBuilder: () => assert.fail(), classifier: () => assert.fail() };
  const problems: Problem[] = [];
  const result = bindScenarios(
    {
      fn: { protocol: { name: 'echo' }, request: () => ({ path: '/' }) },
      body: { protocol: { name: 'echo' }, request: { path: '/x', method: 'GET', body: '{}' } as never, data: ['d'] },
      flow: { steps: [{ name: 's', request: { path: '/' } }], caseGroup: 'beta' },
      http: { protocol: { name: 'http' }, steps: [{ name: 's', request: { path: '/' } }] },
    },
    [],
    'f.load.ts: scenarios',
    problems,
    {
      protocol: echo,
      bindProtocol: (c) => ((c as { name: string }).name === 'echo' ? echo : { ...echo, name: 'http' }),
      caseGroups: ['alpha'],
    },
  );
  assert.equal(result, undefined);
  const found = problems.map((p) => `${p.where}: ${p.message}`);
  for (const re of [
    /fn\.request: speaks echo, which makes each request from its case/,
    /body\.request\.method: echo makes each request's method and body/,
    /body\.request\.body: echo makes each request's method and body/,
    /body\.data: speaks echo/,
    /scenarios\.flow: a user flow's steps speak plain HTTP, not echo/,
    /scenarios\.flow\.caseGroup: the plan has no case group "beta"; its groups: alpha/,
  ])
    assert.ok(
      found.some((f) => re.test(f)),
      `${re} not in:\n${found.join('\n')}`,
    );
  assert.ok(!found.some((f) => f.includes('scenarios.http')), 'a flow that names plain HTTP is fine');
});
