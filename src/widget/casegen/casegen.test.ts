// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../core/cases/random.js';
import type { InvalidInputError } from '../../core/errors/index.js';
import { checkCaseFile } from '../casefile/check-cases.js';
import { ABNORMAL_CATEGORIES } from './abnormal.js';
import { coverage } from './coverage.js';
import { generateCases } from './generate.js';
import { loadSchema } from './load-schema.js';
import { compilePattern } from './pattern.js';
import { brokenRules } from './rules.js';

const example = (name: string): string => fileURLToPath(new URL(`../../../examples/schemas/${name}`, import.meta.url));
const today = new Date('2026-11-22T00:00:00Z');

async function writeTemp(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'lptf-casegen-')), name);
  await writeFile(path, text);
  return path;
}

test('a bad schema reports every problem at once, with file, line and path', async () => {
  const file = await writeTemp(
    's.yaml',
    [
      'types:',
      '  - type: 1',
      '    modes:',
      '      - name: m',
      '        slots:',
      '          - { key: a, kind: colour }',
      '          - { key: b, kind: enum, values: [] }',
      '          - { key: c, kind: int, min: 9, max: 1 }',
      '          - { key: d, kind: enum, file: nowhere.txt }',
      '          - { key: e, kind: pattern, pattern: "(a|b)" }',
    ].join('\n'),
  );
  await assert.rejects(loadSchema(file), (err: InvalidInputError) => {
    const lines = err.problems.map((p) => `${p.where.replace(file, 'F')}: ${p.message}`);
    assert.deepEqual(lines, [
      'F:6 types.0.modes.0.slots.0.kind: unknown value kind "colour"; known: enum, int, decimal, date, pattern, text',
      'F:7 types.0.modes.0.slots.1.values: the whitelist is empty',
      'F:8 types.0.modes.0.slots.2.min: min (9) > max (1)',
      'F:9 types.0.modes.0.slots.3.file: cannot read "nowhere.txt": ENOENT',
      'F:10 types.0.modes.0.slots.4.pattern: pattern uses "(": groups and alternation are not supported',
    ]);
    return true;
  });
});

test('hostile schemas are refused before generating: huge repeats, digits, dates and numbers', async () => {
  const file = await writeTemp(
    'hostile.yaml',
    [
      'types:',
      '  - type: 1',
      '    modes:',
      '      - name: m',
      '        slots:',
      '          - { key: a, kind: pattern, pattern: "[a-z]{100000000}" }',
      '          - { key: b, kind: pattern, pattern: "[a-z]{900}[0-9]{900}[A-Z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}[a-z]{900}" }',
      '          - { key: c, kind: decimal, min: 0, max: 1, digits: 500 }',
      '          - { key: d, kind: date, from: -100000000, to: 0 }',
      '          - { key: e, kind: int, min: 0, max: 1e300 }',
      '          - { key: f, kind: decimal, min: 0, max: .inf }',
    ].join('\n'),
  );
  const started = Date.now();
  await assert.rejects(loadSchema(file), (err: InvalidInputError) => {
    const lines = err.problems.map((p) => `${p.where.replace(file, 'F')}: ${p.message}`);
    assert.deepEqual(lines, [
      'F:6 types.0.modes.0.slots.0.pattern: pattern quantifier {100000000} repeats more than 1000 times',
      'F:7 types.0.modes.0.slots.1.pattern: pattern makes values longer than 10000 characters',
      'F:8 types.0.modes.0.slots.2.digits: must be within ±10',
      'F:9 types.0.modes.0.slots.3.from: must be within ±36500',
      `F:10 types.0.modes.0.slots.4.max: must be within ±${Number.MAX_SAFE_INTEGER}`,
      'F:11 types.0.modes.0.slots.5.max: "max" must be a number',
    ]);
    return true;
  });
  assert.ok(Date.now() - started < 2000, 'refused up front, not after generating');
});

test('generated stock cases: every code once, the optional market sometimes, all distinct, reproducible', async () => {
  const schema = await loadSchema(example('stock.yaml'));
  const a = generateCases(schema, { count: 333, abnormalShare: 0.1, seed: 5, today });
  const b = generateCases(schema, { count: 333, abnormalShare: 0.1, seed: 5, today });
  assert.deepEqual(a, b);
  assert.equal(a.normal.length, 300);
  assert.equal(a.abnormal.length, 33);
  const codes = new Set(
    a.normal.map((l) => (JSON.parse(l) as { slot_list: { key: string; value: string }[] }).slot_list[0]!.value),
  );
  assert.equal(codes.size, 300);
  const withMarket = a.normal.filter((l) => l.includes('stock_market')).length;
  assert.ok(withMarket > 150 && withMarket < 300, `${withMarket} with market`);
  assert.match(a.normal[0]!, /^\{"type": 1, "slot_list": \[\{"key": "stock_code", "value": "\d{5}"\}/);
  assert.notDeepEqual(generateCases(schema, { count: 333, abnormalShare: 0.1, seed: 6, today }).normal, a.normal);
});

test('generated weather cases pass the checker with full coverage; abnormal categories come in even measure', async () => {
  const schema = await loadSchema(example('weather.yaml'));
  const g = generateCases(schema, { count: 3000, abnormalShare: 0.1, seed: 1, today });
  assert.equal(g.normal.length + g.abnormal.length, 3000);
  const normalFile = await writeTemp('normal.jsonl', g.normal.map((l) => `${l}\n`).join(''));
  const report = await checkCaseFile(normalFile);
  assert.deepEqual([report.problems, report.duplicates], [[], []]);
  const c = coverage(schema, [report]);
  assert.deepEqual(c.uncoveredModes, []);
  assert.deepEqual(c.unmatched, []);
  for (const w of c.whitelists) assert.equal(w.used, w.total, w.slot);
  const counts = Object.values(g.byCategory);
  // Every category that applies: the weather schema has an order rule, and no pairs or conditions.
  assert.deepEqual(
    Object.keys(g.byCategory).sort(),
    ABNORMAL_CATEGORIES.filter((c) => c !== 'disallowed_pair' && c !== 'condition_broken').sort(),
  );
  // Normal cases keep the rule (a week ends on or after it begins); wrong_order breaks it alone.
  assert.equal(c.ruleBreaks, 0, JSON.stringify(c.brokenRules));
  const oneWeek = schema.types[0]!.modes[1]!;
  const wrongOrder = g.abnormal.filter((a) => a.category === 'wrong_order');
  assert.ok(wrongOrder.length > 0);
  for (const a of wrongOrder) {
    const q = JSON.parse(a.line) as { slot_list: { key: string; value: string }[] };
    const broken = brokenRules(oneWeek, new Map(q.slot_list.map((s) => [s.key, s.value])));
    assert.deepEqual(
      broken.map((b) => b.rule),
      ['begin_date <= end_date'],
      a.line,
    );
    assert.equal(a.rule, 'begin_date <= end_date');
  }
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, JSON.stringify(g.byCategory));
  assert.equal(new Set(g.abnormal.map((a) => a.line)).size, g.abnormal.length);
  const dates = g.normal.flatMap((l) => [...l.matchAll(/"begin_date", "value": "([\d-]+)"/g)].map((m) => m[1]!));
  assert.ok(
    dates.every((d) => d >= '2026-11-22' && d <= '2026-12-05'),
    'begin dates within 0..13 days of today',
  );
  // Plausible users: a city always of its province; some with their location, inside the box.
  const byProvince = (await import('yaml')).parse(await readFile(example('cities-by-province.yaml'), 'utf8')) as Record<
    string,
    string[]
  >;
  const queries = g.normal.map(
    (l) => JSON.parse(l) as { slot_list: { key: string; value: string }[]; longitude?: number; latitude?: number },
  );
  for (const q of queries) {
    const slot = (k: string) => q.slot_list.find((s) => s.key === k)?.value as string;
    assert.ok(byProvince[slot('province')]?.includes(slot('city')), `${slot('city')} is not in ${slot('province')}`);
  }
  const located = queries.filter((q) => q.longitude !== undefined);
  assert.ok(
    located.length > 0.25 * queries.length && located.length < 0.35 * queries.length,
    `${located.length} located`,
  );
  assert.ok(
    located.every((q) => q.longitude! >= 73.5 && q.longitude! <= 135 && q.latitude! >= 18 && q.latitude! <= 53.5),
  );
  const abnormalFile = await writeTemp('abnormal.jsonl', g.abnormal.map((a) => `${a.line}\n`).join(''));
  const abnormal = await checkCaseFile(abnormalFile, { abnormal: true });
  assert.deepEqual(abnormal.problems, []);
  assert.ok(Object.keys(abnormal.offShape).length > 0);
});

test('a dependent slot and a location are checked: parent, keys, coverage of the parent, share and box', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-schema-'));
  const file = join(dir, 's.yaml');
  await writeFile(
    file,
    [
      'types:',
      '  - type: 2',
      '    location: { share: 1.5, box: [135, 18, 73.5, 53.5] }',
      '    modes:',
      '      - slots:',
      '          - { key: province, kind: enum, values: [北京, 河北] }',
      '          - { key: city, kind: enum, depends_on: province, by: { 北京: [北京], 江苏: [南京] } }',
      '          - { key: road, kind: enum, depends_on: street, by: { a: [b] } }',
      '',
    ].join('\n'),
  );
  await assert.rejects(loadSchema(file), (err: InvalidInputError) => {
    const lines = err.problems.map((p) => `${p.where}: ${p.message}`);
    assert.deepEqual(lines, [
      `${file}:7 types.0.modes.0.slots.1.by: not values of "province": 江苏`,
      `${file}:7 types.0.modes.0.slots.1.by: no city for these values of "province": 河北`,
      `${file}:8 types.0.modes.0.slots.2.depends_on: "street" is no enum slot of this mode`,
      `${file}:3 types.0.location.share: must be a fraction from 0 to 1`,
    ]);
    return true;
  });
});

test('a mode gets no more cases than it has distinct queries; the others take the rest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-schema-'));
  const file = join(dir, 'small.yaml');
  await writeFile(
    file,
    [
      'types:',
      '  - type: 3',
      '    modes:',
      '      - name: tiny',
      '        slots: [{ key: size, kind: enum, values: [s, m, l] }]',
      '      - name: big',
      '        slots: [{ key: n, kind: int, min: 1, max: 1000 }]',
      '',
    ].join('\n'),
  );
  const g = generateCases(await loadSchema(file), { count: 100, abnormalShare: 0, seed: 1, today });
  assert.deepEqual(g.byMode, { '3/tiny': 3, '3/big': 97 });
  assert.equal(new Set(g.normal).size, 100);
});

test('count is capped at 3000 and the abnormal share is a fraction', async () => {
  const schema = await loadSchema(example('stock.yaml'));
  assert.throws(
    () => generateCases(schema, { count: 3001, abnormalShare: 0.1, seed: 1, today }),
    /count must be 1\.\.3000/,
  );
  assert.throws(
    () => generateCases(schema, { count: 10, abnormalShare: 1.5, seed: 1, today }),
    /abnormal share must be 0\.\.1/,
  );
});

test('patterns generate matching strings', () => {
  const random = seededRandom(3);
  const cases: [string, RegExp][] = [
    ['SF[0-9]{10}', /^SF[0-9]{10}$/],
    ['\\d{3}-\\w{2,4}x?', /^\d{3}-\w{2,4}x?$/],
    ['[A-Z][a-z]+', /^[A-Z][a-z]{1,3}$/],
  ];
  for (const [pattern, re] of cases) {
    const gen = compilePattern(pattern);
    for (let i = 0; i < 200; i++) assert.match(gen(random), re, pattern);
  }
  assert.throws(() => compilePattern('a{3,1}'), /max < min/);
  assert.throws(() => compilePattern('[z-a]'), /reversed/);
});

test('rules between slots: normal cases keep every one; each rule category breaks its rule alone, every value valid; bad rules are named', async () => {
  const file = await writeTemp(
    'fund.yaml',
    [
      'types:',
      '  - type: 7',
      '    name: fund',
      '    modes:',
      '      - name: search',
      '        slots:',
      '          - { key: market, kind: enum, values: [cn, hk, us] }',
      '          - { key: currency, kind: enum, values: [CNY, HKD, USD] }',
      '          - { key: board, kind: enum, values: [main, gem], required: false }',
      '          - { key: min_size, kind: int, min: 1, max: 50 }',
      '          - { key: max_size, kind: int, min: 10, max: 100 }',
      '        rules:',
      '          - pairs: [market, currency]',
      '            allowed: [[cn, CNY], [hk, HKD], [hk, USD], [us, USD]]',
      '          - { when: { slot: market, in: [hk] }, require: [board] }',
      '          - { when: { slot: market, in: [us] }, forbid: [board] }',
      '          - { order: [min_size, max_size], strict: true }',
    ].join('\n'),
  );
  const schema = await loadSchema(file);
  const mode = schema.types[0]!.modes[0]!;
  const g = generateCases(schema, { count: 1200, abnormalShare: 0.25, seed: 3, today });
  const slotsOf = (line: string) =>
    new Map(
      (JSON.parse(line) as { slot_list: { key: string; value: string }[] }).slot_list.map((s) => [s.key, s.value]),
    );
  assert.ok(g.normal.length >= 800, `${g.normal.length}`);
  for (const line of g.normal) assert.deepEqual(brokenRules(mode, slotsOf(line)), [], line);
  for (const category of ['wrong_order', 'disallowed_pair', 'condition_broken'] as const) {
    const cases = g.abnormal.filter((a) => a.category === category);
    assert.ok(cases.length > 0, category);
    for (const a of cases) {
      const slots = slotsOf(a.line);
      assert.deepEqual(
        brokenRules(mode, slots).map((b) => b.rule),
        [a.rule],
        a.line,
      );
      // Broken by the rule alone: each value is one its slot allows.
      for (const s of mode.slots) {
        const v = slots.get(s.key);
        if (v === undefined) continue;
        if (s.value.kind === 'enum') assert.ok(s.value.values.includes(v), `${s.key} ${v}`);
        if (s.value.kind === 'int') assert.ok(Number(v) >= s.value.min && Number(v) <= s.value.max, `${s.key} ${v}`);
      }
    }
  }
  const bad = await writeTemp(
    'bad-rules.yaml',
    [
      'types:',
      '  - type: 1',
      '    modes:',
      '      - name: m',
      '        slots:',
      '          - { key: a, kind: enum, values: [x, y] }',
      '          - { key: b, kind: int, min: 1, max: 2 }',
      '        rules:',
      '          - { order: [a, b] }',
      '          - { pairs: [a, b], allowed: [[z, 1]] }',
      '          - { when: { slot: a, in: [x] }, forbid: [b] }',
      '          - { order: [b, nope] }',
      '          - { colour: red }',
    ].join('\n'),
  );
  await assert.rejects(loadSchema(bad), (err: InvalidInputError) => {
    assert.deepEqual(
      err.problems.map((p) => `${p.where.replace(bad, 'F')}: ${p.message}`),
      [
        'F:9 types.0.modes.0.rules.0: "a" is of kind enum: an order is between dates or numbers',
        'F:10 types.0.modes.0.rules.1: "z" is not a value of a',
        'F:11 types.0.modes.0.rules.2: forbids "b", which the mode requires',
        'F:12 types.0.modes.0.rules.3: names no slot of the mode: nope',
        'F:13 types.0.modes.0.rules.4: a rule is { order: [a, b] }, { pairs: [a, b], allowed: […] } or { when: {…}, require/forbid: […] }',
      ],
    );
    return true;
  });
});
