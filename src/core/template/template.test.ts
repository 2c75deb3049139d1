import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestCase } from '../cases/index.js';
import { compileTemplate } from './template.js';

const line = '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}]}';
const testCase: TestCase = {
  group: 'normal',
  text: line,
  json: JSON.stringify(line),
  file: 'f',
  line: 1,
  value: JSON.parse(line),
};

test('inserts the case as JSON text and as a JSON-encoded string', () => {
  const t = compileTemplate('{"raw": {{case}}, "Query": {{case.json}}, "n": {{seq}}, "g": "{{group}}"}');
  const out = JSON.parse(t.render({ testCase, seq: 41 }));
  assert.deepEqual(out.raw, JSON.parse(line));
  assert.equal(out.Query, line);
  assert.equal(out.n, 41);
  assert.equal(out.g, 'normal');
});

test('url-encodes the case and makes a fresh uuid per request', () => {
  const t = compileTemplate('/q?c={{case.url}}&id={{ uuid }}');
  const a = t.render({ testCase, seq: 0 });
  const b = t.render({ testCase, seq: 0 });
  const url = new URL(a, 'http://x');
  assert.equal(url.searchParams.get('c'), line);
  assert.match(url.searchParams.get('id') ?? '', /^[0-9a-f-]{36}$/);
  assert.notEqual(a, b);
});

test('a template with no placeholder is static', () => {
  const t = compileTemplate('{"ping": true}');
  assert.equal(t.isStatic, true);
  assert.equal(t.render({ testCase, seq: 3 }), '{"ping": true}');
  assert.equal(compileTemplate('{{seq}}').isStatic, false);
});

test('an unknown placeholder is an error naming it and the known ones', () => {
  assert.throws(() => compileTemplate('{{cas}}'), /unknown placeholder \{\{cas\}\}; known: .*\{\{case\.json\}\}/);
});

test('names an object has by inheritance are not placeholders: {{constructor}} is refused like any unknown', () => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf'])
    assert.throws(() => compileTemplate(`{"x": {{${name}}}}`), new RegExp(`unknown placeholder \\{\\{${name}\\}\\}`));
});

test('{{case.<field>}} and {{data.<feeder>.<field>}} insert one field: text as it is, anything else as JSON', () => {
  const testCase = {
    group: 'g',
    text: '',
    json: '""',
    file: 'c.jsonl',
    line: 4,
    value: { user: { id: 7, name: 'ann' }, tags: ['a'] },
    data: { users: { email: 'a@b.c' } },
  };
  const t = compileTemplate('/u/{{case.user.id}}/{{case.user.name}}?t={{case.tags}}&e={{data.users.email}}', {
    data: ['users'],
  });
  assert.equal(t.render({ testCase, seq: 0 }), '/u/7/ann?t=["a"]&e=a@b.c');
  const missing = compileTemplate('/{{case.user.age}}');
  assert.throws(
    () => missing.render({ testCase, seq: 0 }),
    (err: Error & { kind?: string }) =>
      err.kind === 'missing_field' && /\{\{case.user.age\}\}: the case \(c.jsonl:4\) has no user.age/.test(err.message),
  );
  assert.throws(
    () => compileTemplate('/{{data.nope.id}}', { data: ['users'] }),
    /unknown placeholder \{\{data.nope.id\}\}/,
  );
  assert.throws(() => compileTemplate('/{{data.users.id}}'), /unknown placeholder/);
});

test('{{vars.<name>}} inserts what an earlier step of a flow took; outside a flow it is unknown', () => {
  const base = { group: 'shop.cart', text: '', json: '""', file: '', line: 0, value: {} };
  const t = compileTemplate('/cart?token={{vars.token}}&n={{vars.user.items}}', { vars: true });
  assert.equal(
    t.render({ testCase: { ...base, vars: { token: 'ab', user: { items: 3 } } }, seq: 0 }),
    '/cart?token=ab&n=3',
  );
  assert.throws(
    () => t.render({ testCase: { ...base, vars: {} }, seq: 0 }),
    (err: Error & { kind?: string }) => err.kind === 'missing_field' && /\{\{vars.token\}\}/.test(err.message),
  );
  assert.throws(() => compileTemplate('/{{vars.token}}'), /unknown placeholder \{\{vars.token\}\}/);
});
