// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Feeder, feederCursor, readFeeders } from './feeders.js';

const rows = Array.from({ length: 5 }, (_, i) => ({ id: i }));
const feeder = (mode: Feeder['mode']): Feeder => ({ name: 'f', mode, rows });
const draw = (next: () => unknown, n: number): unknown[] => Array.from({ length: n }, () => next());

test('modes: sequence goes round, unique runs out, shuffle gives every row each pass, random repeats with its seed', () => {
  assert.deepEqual(
    draw(feederCursor(feeder('sequence'), 1), 7).map((r) => (r as { id: number }).id),
    [0, 1, 2, 3, 4, 0, 1],
  );
  const unique = draw(feederCursor(feeder('unique'), 1), 7);
  assert.deepEqual(unique.slice(0, 5), rows);
  assert.deepEqual(unique.slice(5), [undefined, undefined]);
  const shuffled = draw(feederCursor(feeder('shuffle'), 3), 10) as { id: number }[];
  assert.deepEqual(
    shuffled
      .slice(0, 5)
      .map((r) => r.id)
      .sort(),
    [0, 1, 2, 3, 4],
  );
  assert.deepEqual(shuffled.slice(5), shuffled.slice(0, 5));
  assert.deepEqual(draw(feederCursor(feeder('random'), 9), 20), draw(feederCursor(feeder('random'), 9), 20));
});

test('feeders from JSON Lines, CSV and JSON files, and every problem at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-feeders-'));
  await writeFile(join(dir, 'a.jsonl'), '{"id": 1}\n\n{"id": 2}\n');
  await writeFile(join(dir, 'b.csv'), 'id,name\n1,"ann, the first"\n2,bob\n');
  await writeFile(join(dir, 'c.json'), '[{"id": 1}]');
  await writeFile(join(dir, 'bad.jsonl'), '{"id": 1}\n[1]\nnope\n');
  const ok = await readFeeders(
    { a: { file: 'a.jsonl' }, b: { file: 'b.csv', mode: 'unique' }, c: { file: 'c.json' }, d: { rows: [{ x: 1 }] } },
    dir,
    'f.load.ts: data',
  );
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.feeders.find((f) => f.name === 'b')?.rows, [
    { id: '1', name: 'ann, the first' },
    { id: '2', name: 'bob' },
  ]);
  assert.equal(ok.feeders.find((f) => f.name === 'a')?.rows.length, 2);
  const bad = await readFeeders(
    {
      bad: { file: 'bad.jsonl' },
      gone: { file: 'gone.csv' },
      mode: { rows: [{}], mode: 'often' as never },
      both: { file: 'a.jsonl', rows: [] },
      empty: { rows: [] },
    },
    dir,
    'f.load.ts: data',
  );
  assert.deepEqual(
    bad.problems.map((p) => `${p.where.replace(dir, '')}: ${p.message}`),
    [
      '/bad.jsonl:2: not a JSON object; a JSON Lines feeder holds one per line',
      `/bad.jsonl:3: not valid JSON: ${bad.problems[1]?.message.replace('not valid JSON: ', '')}`,
      '/gone.csv: cannot read it: ENOENT',
      'f.load.ts: data.mode.mode: must be shuffle, sequence, random, unique; got "often"',
      'f.load.ts: data.both: give it a file (JSON Lines, CSV or a JSON array) or rows, one of the two',
      'f.load.ts: data.empty: has no rows',
    ],
  );
});

test('a malformed CSV is refused where it is; a JSON array of 200,000 rows loads; a device or an oversized file is refused before it is read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-feeders-'));
  await writeFile(join(dir, 'cells.csv'), 'id,name\n1,ann\n2,bob,extra\n3\n4,"open\n5,eve\n');
  await writeFile(join(dir, 'header.csv'), 'id,,id\n1,2,3\n');
  await writeFile(join(dir, 'many.json'), JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i }))));
  // Sparse: 300 MiB on paper, nothing on disk; refused from its size, not by reading it.
  await writeFile(join(dir, 'huge.jsonl'), '');
  await truncate(join(dir, 'huge.jsonl'), 300 << 20);
  await writeFile(join(dir, 'huge.json'), '');
  await truncate(join(dir, 'huge.json'), 300 << 20);
  const many = await readFeeders({ many: { file: 'many.json' } }, dir, 'f.load.ts: data');
  assert.deepEqual(many.problems, []);
  assert.equal(many.feeders[0]?.rows.length, 200_000);
  const started = performance.now();
  const bad = await readFeeders(
    {
      cells: { file: 'cells.csv' },
      header: { file: 'header.csv' },
      zero: { file: '/dev/zero' },
      huge: { file: 'huge.jsonl' },
      whole: { file: 'huge.json' },
    },
    dir,
    'f.load.ts: data',
  );
  assert.ok(performance.now() - started < 5_000, 'nothing read for ever');
  assert.deepEqual(
    bad.problems.map((p) => `${p.where.replace(dir, '')}: ${p.message}`),
    [
      '/cells.csv:3: 3 cell(s), but the header names 2 columns',
      '/cells.csv:4: 1 cell(s), but the header names 2 columns',
      '/cells.csv:5: a quote is not closed (a quote inside a field is written "")',
      '/header.csv:1: the header row names each column once; one has no name',
      '/header.csv:1: the header row names each column once; "id" twice',
      '/dev/zero: cannot read it: is a device or a socket, not a file',
      "/huge.jsonl: cannot read it: more than 256 MiB, more than lptf keeps of a run's inputs: use a smaller file (lptf cases sample takes a share of one)",
      "/huge.json: cannot read it: more than 256 MiB, more than lptf keeps of a run's inputs: use a smaller file (lptf cases sample takes a share of one)",
    ],
  );
});
