// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lptf } from './helpers/cli.js';

const schema = (name: string): string => fileURLToPath(new URL(`../examples/schemas/${name}`, import.meta.url));

test('lptf cases gen writes files that pass lptf cases check with full coverage; the same seed gives identical files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-gen-'));
  const gen = (out: string) =>
    lptf([
      'cases',
      'gen',
      '--schema',
      schema('weather.yaml'),
      '--out',
      out,
      '--seed',
      '4',
      '--today',
      '2026-11-22',
      '--count',
      '1000',
    ]);
  const first = await gen(join(dir, 'a'));
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Wrote 900 normal and 100 abnormal cases/);
  assert.match(first.stdout, /2\/one_week: 450/);
  assert.match(first.stdout, /malformed_date: 9/);
  assert.match(first.stdout, /wrong_order: 9/);
  assert.equal((await gen(join(dir, 'b'))).code, 0);
  for (const f of ['normal.jsonl', 'abnormal.jsonl', 'abnormal.meta.jsonl']) {
    assert.equal(await readFile(join(dir, 'a', f), 'utf8'), await readFile(join(dir, 'b', f), 'utf8'), f);
  }
  const meta = (await readFile(join(dir, 'a', 'abnormal.meta.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; category: string });
  assert.equal(meta.length, 100);
  assert.deepEqual(meta[0], { ...meta[0], line: 1 });
  const check = await lptf(['cases', 'check', join(dir, 'a', 'normal.jsonl'), '--schema', schema('weather.yaml')]);
  assert.equal(check.code, 0, check.stdout);
  assert.match(check.stdout, /2\/one_day\/city: 43 of 43 whitelist values used/);
  assert.match(check.stdout, /^OK$/m);
  const abnormal = await lptf(['cases', 'check', join(dir, 'a', 'abnormal.jsonl'), '--abnormal']);
  assert.equal(abnormal.code, 0, abnormal.stdout);
  // The weather schema's rule (a week ends on or after it begins): normal cases keep it, and a
  // hand-made case that breaks it is caught by its line; abnormal cases break it on purpose.
  const normal = (await readFile(join(dir, 'a', 'normal.jsonl'), 'utf8')).trim().split('\n');
  const at = normal.findIndex((l) => l.includes('"end_date"'));
  normal[at] = normal[at]!.replace(/"end_date", "value": "[\d-]+"/, '"end_date", "value": "2026-11-29"').replace(
    /"begin_date", "value": "[\d-]+"/,
    '"begin_date", "value": "2026-12-05"',
  );
  const broken = join(dir, 'broken.jsonl');
  await writeFile(broken, `${normal.join('\n')}\n`);
  const caught = await lptf(['cases', 'check', broken, '--schema', schema('weather.yaml')]);
  assert.equal(caught.code, 1, caught.stdout);
  assert.match(
    caught.stdout,
    new RegExp(
      `broken\\.jsonl:${at + 1}: breaks the rule begin_date <= end_date: begin_date 2026-12-05 after end_date 2026-11-29`,
    ),
  );
  assert.match(caught.stdout, /^1 problem\(s\) found$/m);
  const onPurpose = await lptf([
    'cases',
    'check',
    join(dir, 'a', 'abnormal.jsonl'),
    '--abnormal',
    '--schema',
    schema('weather.yaml'),
  ]);
  assert.equal(onPurpose.code, 0, onPurpose.stdout);
  assert.match(onPurpose.stdout, /rules broken on purpose: \{"begin_date <= end_date":\d+\}/);
});

test('lptf cases check: 1 for problems and duplicates, 2 for unusable input', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-check-'));
  const line = '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}]}';
  await writeFile(join(dir, 'dup.jsonl'), `${line}\n${line}\n`);
  const dup = await lptf(['cases', 'check', join(dir, 'dup.jsonl')]);
  assert.equal(dup.code, 1);
  assert.match(dup.stdout, /dup\.jsonl:2: duplicate of line 1/);
  const uncovered = await lptf(['cases', 'check', join(dir, 'dup.jsonl'), '--schema', schema('stock.yaml')]);
  assert.match(uncovered.stdout, /1\/quote\/stock_code: 1 of 300 whitelist values used \(never: 00001/);
  // More than the form's 3000, normal and abnormal together, is a problem.
  const lines = (from: number, n: number) =>
    Array.from(
      { length: n },
      (_, i) => `{"type": 1, "slot_list": [{"key": "stock_code", "value": "${String(from + i).padStart(5, '0')}"}]}`,
    ).join('\n');
  await writeFile(join(dir, 'n.jsonl'), `${lines(0, 2900)}\n`);
  await writeFile(join(dir, 'a.jsonl'), `${lines(5000, 101)}\n`);
  const many = await lptf(['cases', 'check', join(dir, 'n.jsonl'), join(dir, 'a.jsonl')]);
  assert.equal(many.code, 1, many.stdout);
  assert.match(many.stdout, /3001 cases in all: the self-test form accepts at most 3000/);
  const missing = await lptf(['cases', 'check', join(dir, 'nope.jsonl')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.jsonl: cannot read: no such file/);
  await writeFile(join(dir, 'bad.yaml'), 'types:\n  - type: 1\n    modes: []\n');
  const badSchema = await lptf(['cases', 'check', join(dir, 'dup.jsonl'), '--schema', join(dir, 'bad.yaml')]);
  assert.equal(badSchema.code, 2);
  assert.match(badSchema.stderr, /bad\.yaml:3 types\.0\.modes: a type needs a non-empty list "modes"/);
  const tooMany = await lptf(['cases', 'gen', '--schema', schema('stock.yaml'), '--count', '3001', '--out', dir]);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /--count must be a whole number from 1 to 3000/);
});

test('lptf cases sample keeps --count lines of a file, reproducibly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-sample-'));
  await writeFile(
    join(dir, 'all.jsonl'),
    Array.from({ length: 5000 }, (_, i) => `{"type": 1, "slot_list": [{"key": "n", "value": "${i}"}]}\n`).join(''),
  );
  const a = await lptf(['cases', 'sample', join(dir, 'all.jsonl'), '--count', '3000', '--seed', '2']);
  const b = await lptf(['cases', 'sample', join(dir, 'all.jsonl'), '--count', '3000', '--seed', '2']);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
  assert.equal(a.stdout.trim().split('\n').length, 3000);
  assert.match(a.stderr, /sampled 3000 of 5000 lines/);
});

test('lptf cases sample refuses a CSV read as JSONL at its header, instead of sampling the header as a case', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-sample-csv-'));
  const csv = join(dir, 'parcels.csv');
  await writeFile(csv, 'parcel_no,city\nSF100,Shenzhen\nSF101,Guangzhou\n');
  const plain = await lptf(['cases', 'sample', csv, '--count', '5']);
  assert.equal(plain.code, 2);
  assert.match(
    plain.stderr,
    /parcels\.csv:1: not a JSON object; a case file holds one per line \(a CSV file needs --csv-type <type>\)/,
  );
  assert.equal(plain.stdout, '');
  const typed = await lptf(['cases', 'sample', csv, '--count', '5', '--csv-type', '7']);
  assert.equal(typed.code, 0, typed.stderr);
  assert.match(typed.stderr, /sampled 2 of 2 lines/);
  const parcels = typed.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { slot_list: { value: string }[] }).slot_list[0]?.value);
  assert.deepEqual(parcels.sort(), ['SF100', 'SF101']);
});
