import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitCsv } from '../../core/cases/index.js';
import { MAX_LINE_BYTES, readLines } from '../../core/cases/read-lines.js';
import { checkCaseFile } from './check-cases.js';
import { sampleCases } from './sample-cases.js';

async function temp(name: string, content: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'lptf-casefile-')), name);
  await writeFile(path, content);
  return path;
}
const ok = (v: string): string => `{"type": 1, "slot_list": [{"key": "k", "value": "${v}"}]}`;

test('reads lines across chunks: BOM, CRLF, blank lines, invalid UTF-8, a cut-off last line, a 10 MB line skipped, a 1 MiB line kept', async () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const most = 'y'.repeat(MAX_LINE_BYTES);
  const file = await temp(
    'c.jsonl',
    Buffer.concat([Buffer.from('\uFEFFa\r\n\nb'), Buffer.from([0xff, 0xfe]), Buffer.from(`\n${big}\n${most}\nlast`)]),
  );
  const lines = [];
  for await (const l of readLines(file))
    lines.push({ ...l, text: l.text.length > 20 ? `${l.text.length} chars` : l.text });
  assert.deepEqual(lines, [
    // bytes: what each took of the file, its BOM, CR and LF included.
    { line: 1, text: 'a', utf8: true, terminated: true, bytes: 6 },
    { line: 2, text: '', utf8: true, terminated: true, bytes: 1 },
    { line: 3, text: 'b\uFFFD\uFFFD', utf8: false, terminated: true, bytes: 4 },
    { line: 4, text: '', utf8: true, terminated: true, bytes: big.length + 1, tooLong: true },
    { line: 5, text: `${MAX_LINE_BYTES} chars`, utf8: true, terminated: true, bytes: MAX_LINE_BYTES + 1 },
    { line: 6, text: 'last', utf8: true, terminated: false, bytes: 4 },
  ]);
});

test('check reports every problem by file:line, duplicates and counts per type', async () => {
  const file = await temp(
    'c.jsonl',
    Buffer.concat([
      Buffer.from(
        `\uFEFF${ok('a')}\r\n\n${ok('b')}\n{"type": "1", "slot_list": []}\n{"type": 2, "slot_list": [{"key": "k", "value": 7}]}\n${ok('a')}\n`,
      ),
      Buffer.from('{"type": 1, "slot_list": [{"key": "k", "value": "'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`"}]}\n{"type": 3, "slot_list": [`),
    ]),
  );
  const r = await checkCaseFile(file);
  assert.equal(r.cases, 3);
  assert.equal(r.blankLines, 1);
  assert.deepEqual(r.byType, { '1': 3 });
  assert.deepEqual(r.duplicates, [[6, 1]]);
  assert.deepEqual(
    r.problems.map((p) => `${p.where.replace(file, 'F')}: ${p.message}`),
    [
      'F:4: "type" must be an integer',
      'F:5: slot_list[0] must be {"key": string, "value": string}',
      'F:7: not valid UTF-8',
      'F:8: not valid JSON: the last line looks cut off',
    ],
  );
});

test('a sample is reproducible, and whole when the file is small', async () => {
  const file = await temp('l.jsonl', Array.from({ length: 1000 }, (_, i) => `${ok(String(i))}\n`).join(''));
  const a = await sampleCases(file, { count: 50, seed: 9 });
  assert.deepEqual(a, await sampleCases(file, { count: 50, seed: 9 }));
  assert.equal(a.seen, 1000);
  assert.equal(new Set(a.lines).size, 50);
  assert.notDeepEqual(a.lines, (await sampleCases(file, { count: 50, seed: 10 })).lines);
  assert.deepEqual((await sampleCases(file, { count: 5000, seed: 1 })).lines.length, 1000);
});

test('every line has the same chance of being sampled (chi-square, 20 lines, 4000 samples of 5)', async () => {
  const n = 20;
  const file = await temp('u.jsonl', Array.from({ length: n }, (_, i) => `{"i": ${i}}\n`).join(''));
  const counts = new Array<number>(n).fill(0);
  const trials = 4000;
  for (let seed = 0; seed < trials; seed++)
    for (const l of (await sampleCases(file, { count: 5, seed })).lines) counts[(JSON.parse(l) as { i: number }).i]!++;
  const expected = (trials * 5) / n;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  // 19 degrees of freedom: chi-square above 43.8 has a probability of 0.1%.
  assert.ok(chi2 < 43.8, `chi-square ${chi2.toFixed(1)} for counts ${counts.join(',')}`);
});

test('CSV rows become cases; columns map to slots', async () => {
  assert.deepEqual(splitCsv('a,"b,c","d""e",'), ['a', 'b,c', 'd"e', '']);
  const file = await temp('p.csv', 'parcel_no,carrier,weight\nSF001,sf,"1,5"\nYT002,yto,2\n');
  const { lines } = await sampleCases(file, {
    count: 10,
    seed: 1,
    csv: { type: 7, columns: { parcel_no: 'parcel_no', carrier: 'company' } },
  });
  assert.deepEqual(lines, [
    '{"type": 7, "slot_list": [{"key": "parcel_no", "value": "SF001"}, {"key": "company", "value": "sf"}]}',
    '{"type": 7, "slot_list": [{"key": "parcel_no", "value": "YT002"}, {"key": "company", "value": "yto"}]}',
  ]);
  await assert.rejects(
    sampleCases(file, { count: 1, seed: 1, csv: { type: 7, columns: { nope: 'x' } } }),
    /no column "nope"/,
  );
});
