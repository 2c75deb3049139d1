import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noCases } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import { compileTemplate } from '../../core/template/index.js';
import type { HttpResponse } from '../../core/transport/index.js';
import type { RequestPlan } from '../protocol/protocol.js';
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
  const second = p.nextStep?.(first);
  assert.equal(second?.afterMs, 250);
  assert.ok(second);
  const req = build(second.testCase, 0);
  assert.equal(req.path, '/carts/c7');
  assert.equal(req.headers['cookie'], 'lang=en; sid=s1', "the step's own cookie, then the jar's");
  classify(answer(200, {}), second.testCase, 0);
  const third = p.nextStep?.(second.testCase);
  assert.ok(third);
  assert.equal(build(third.testCase, 0).path, '/pay/c7');
  const bad = classify(answer(200, {}), third.testCase, 0);
  assert.equal(bad.ok, false);
  assert.ok(
    !bad.ok && bad.kind === 'script_error' && /extract\(\) of shop\.pay returned nothing/.test(bad.example ?? ''),
  );
  assert.equal(p.nextStep?.(third.testCase), undefined, 'the last step ends the flow');
  // Another arrival: its own jar and its own vars.
  const other = bound.arrivals(noCases(), 1).next();
  assert.equal(build(other, 1).headers['cookie'], undefined);
  assert.notEqual(other.vars, first.vars);
});
