// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InvalidInputError } from '../errors/index.js';
import { shuffledCases, stripedCases } from './case-source.js';
import { caseWarnings } from './case-warnings.js';
import { loadCaseGroups, parseCaseSpec } from './load-cases.js';
import { MAX_CASE_DEPTH, parseCases } from './parse-cases.js';
import { FileTooLargeError, MAX_INPUT_BYTES, MAX_LINE_BYTES } from './read-lines.js';

const seedLine =
  '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}, {"key": "stock_market", "value": "hk"}]}';

test('parses the seed format, keeping each line as written', () => {
  const { cases, problems } = parseCases(`\uFEFF${seedLine}\r\n\n{"type": 1, "slot_list": []}\n`, 'normal', 'n.jsonl');
  assert.deepEqual(problems, []);
  assert.equal(cases.length, 2);
  assert.equal(cases[0]!.text, seedLine);
  assert.equal(cases[0]!.json, JSON.stringify(seedLine));
  assert.equal(cases[1]!.line, 3);
  assert.equal(cases[0]!.group, 'normal');
});

test('reports every bad line as file:line with the reason', () => {
  const { problems } = parseCases(`${seedLine}\n{"type": 1,\n[1, 2]\n"text"\nnull\n`, 'normal', 'cases.jsonl');
  assert.deepEqual(
    problems.map((p) => p.where),
    ['cases.jsonl:2', 'cases.jsonl:3', 'cases.jsonl:4', 'cases.jsonl:5'],
  );
  assert.match(problems[0]!.message, /not valid JSON/);
  assert.match(problems[1]!.message, /must be a JSON object, got an array/);
  assert.match(problems[2]!.message, /got string/);
  assert.match(problems[3]!.message, /got null/);
});

test('loading a case file streams it and catches invalid UTF-8 and a cut-off last line', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'lptf-cases-')), 'normal.jsonl');
  await writeFile(
    path,
    Buffer.concat([
      Buffer.from(`${seedLine}\n{"v": "`),
      Buffer.from([0xff]),
      Buffer.from(`"}\n${seedLine.slice(0, 30)}`),
    ]),
  );
  await assert.rejects(loadCaseGroups([{ label: 'normal', path }]), (err: InvalidInputError) => {
    assert.deepEqual(
      err.problems.map((p) => `${p.where.replace(path, 'F')}: ${p.message}`),
      ['F:2: not valid UTF-8', 'F:3: not valid JSON: the last line looks cut off'],
    );
    return true;
  });
});

test('an empty file is a problem', () => {
  assert.deepEqual(parseCases('\n\n', 'g', 'empty.jsonl').problems, [
    { where: 'empty.jsonl', message: 'no cases: the file is empty' },
  ]);
});

test('--cases takes label=path, or names the group after the file', () => {
  assert.deepEqual(parseCaseSpec('abnormal=data/b.jsonl'), { label: 'abnormal', path: 'data/b.jsonl' });
  assert.deepEqual(parseCaseSpec('data/normal.jsonl'), { label: 'normal', path: 'data/normal.jsonl' });
});

test('every case is served once before any repeats, and repeats keep the longest gap', () => {
  const make = (label: string, n: number) => ({
    label,
    file: `${label}.jsonl`,
    cases: parseCases(Array.from({ length: n }, (_, i) => `{"i": ${i}}`).join('\n'), label, `${label}.jsonl`).cases,
  });
  const source = shuffledCases([make('normal', 7), make('abnormal', 3)], 42);
  const served = Array.from({ length: 30 }, () => source.next());
  const firstPass = served.slice(0, 10).map((c) => `${c.group}:${c.line}`);
  assert.equal(new Set(firstPass).size, 10);
  for (let i = 10; i < 30; i++) assert.equal(served[i], served[i - 10], 'a case repeats exactly one pass later');
  assert.notDeepEqual(firstPass, [...firstPass].sort(), 'the order is shuffled');
  const again = shuffledCases([make('normal', 7), make('abnormal', 3)], 42);
  assert.deepEqual(
    Array.from({ length: 10 }, () => `${again.next().line}`),
    served.slice(0, 10).map((c) => `${c.line}`),
  );
});

test('the stripes of a case source give each request the case one source would', () => {
  const groups = [
    {
      label: 'g',
      file: 'g.jsonl',
      cases: parseCases(Array.from({ length: 11 }, (_, i) => `{"i": ${i}}`).join('\n'), 'g', 'g.jsonl').cases,
    },
  ];
  const whole = shuffledCases(groups, 9);
  const order = Array.from({ length: 40 }, () => whole.next().line);
  const stripes = [0, 1, 2].map((k) => stripedCases(shuffledCases(groups, 9), k, 3));
  assert.deepEqual(
    Array.from({ length: 40 }, (_, i) => (stripes[i % 3] as ReturnType<typeof stripedCases>).next().line),
    order,
  );
});

test('warns of duplicate cases, whatever their spacing or key order', () => {
  const normal = parseCases(
    `${seedLine}\n${seedLine.replace('{"type": 1, ', '{ "type":1,')}\n{"q": 1}\n`,
    'normal',
    'n.jsonl',
  ).cases;
  assert.deepEqual(caseWarnings([{ label: 'normal', file: 'n.jsonl', cases: normal }]), [
    {
      en: "normal: 1 duplicate case(s); repeats may hit the service's cache",
      zh: 'normal：1 条重复用例；重复的请求可能命中服务的缓存',
    },
  ]);
  assert.deepEqual(caseWarnings([{ label: 'normal', file: 'n.jsonl', cases: normal.slice(2) }]), []);
});

test('hostile case files fail up front, naming file and line, in bounded memory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-cases-bounds-'));
  // 200,000 cases load: a spread of that many once overflowed the call stack.
  const many = join(dir, 'many.jsonl');
  await writeFile(many, `${Array.from({ length: 200_000 }, (_, i) => `{"i":${i}}`).join('\n')}\n`);
  const [group] = await loadCaseGroups([{ label: 'many', path: many }]);
  assert.equal(group!.cases.length, 200_000);
  // A 3 MiB line (a file with no line ends) is refused without being held whole.
  const long = join(dir, 'long.jsonl');
  await writeFile(long, `{"ok":1}\n{"a":"${'x'.repeat(3 * MAX_LINE_BYTES)}"}\n{"ok":2}\n`);
  const tooLong = await loadCaseGroups([{ label: 'long', path: long }]).catch((e: InvalidInputError) => e);
  assert.deepEqual(
    (tooLong as InvalidInputError).problems.map((p) => `${p.where} ${p.message}`),
    [`${long}:2 longer than ${MAX_LINE_BYTES} bytes`],
  );
  // Nesting deeper than anything walks safely.
  const deep = parseCases(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`, 'deep', 'deep.jsonl');
  assert.match(deep.problems[0]!.message, new RegExp(`levels deep; at most ${MAX_CASE_DEPTH}`));
  assert.equal(parseCases(`{"a":${'['.repeat(60)}${']'.repeat(60)}}\n`, 'ok', 'ok.jsonl').problems.length, 0);
  // A million bad lines are not a million problems: the first 50, then how many more.
  const bad = parseCases('x\n'.repeat(10_000), 'bad', 'bad.jsonl');
  assert.equal(bad.problems.length, 51);
  assert.equal(bad.problems.at(-1)!.message, 'and 9950 more bad line(s)');
});

test('case files over 256 MiB in all, or a device, are refused before they are read (1,500 lines of 1 MB each once took 4.2 GB)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-cases-total-'));
  // Sparse: the size is known from the file system; nothing is written or read.
  const huge = join(dir, 'fat.jsonl');
  await writeFile(huge, '');
  await truncate(huge, 300 << 20);
  const halves = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
  for (const h of halves) {
    await writeFile(h, '');
    await truncate(h, 150 << 20);
  }
  const started = performance.now();
  const problems = async (specs: { label: string; path: string }[]): Promise<string[]> => {
    const err = await loadCaseGroups(specs).then(
      () => assert.fail('expected a refusal'),
      (e: InvalidInputError) => e,
    );
    return err.problems.map((p) => `${p.where} ${p.message}`);
  };
  const tooBig = `cannot read the case file: ${new FileTooLargeError(MAX_INPUT_BYTES).message}`;
  assert.deepEqual(await problems([{ label: 'fat', path: huge }]), [`${huge} ${tooBig}`]);
  // The first half is read (150 MiB of nothing, as blank lines would be), the second does not fit beside it.
  assert.deepEqual(
    (await problems(halves.map((path) => ({ label: 'n', path })))).filter((p) => p.includes('MiB')),
    [`${halves[1]} ${tooBig} (all the case files together)`],
  );
  assert.deepEqual(await problems([{ label: 'zero', path: '/dev/zero' }]), [
    '/dev/zero cannot read the case file: is a device or a socket, not a file',
  ]);
  assert.ok(performance.now() - started < 20_000);
});
