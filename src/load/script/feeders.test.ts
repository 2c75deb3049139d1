import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
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
