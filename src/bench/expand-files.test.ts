import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { InvalidInputError } from '../core/errors/index.js';
import { expandFiles } from './expand-files.js';

test('globs and paths expand to sorted files; a missing one is named', async () => {
  const dir = relative('.', await mkdtemp(join(tmpdir(), 'lptf-glob-')));
  await mkdir(join(dir, 'sub'));
  for (const f of ['a.bench.ts', 'b.bench.ts', 'notes.md', 'sub/c.bench.ts']) await writeFile(join(dir, f), '');
  assert.deepEqual(expandFiles([`${dir}/*.bench.ts`]), [join(dir, 'a.bench.ts'), join(dir, 'b.bench.ts')]);
  assert.deepEqual(expandFiles([`${dir}/**/*.bench.ts`, join(dir, 'a.bench.ts')]), [
    join(dir, 'a.bench.ts'),
    join(dir, 'b.bench.ts'),
    join(dir, 'sub/c.bench.ts'),
  ]);
  assert.throws(
    () => expandFiles([join(dir, 'nope.ts'), `${dir}/*.nothing`]),
    (err: unknown) => {
      assert.ok(err instanceof InvalidInputError);
      assert.deepEqual(
        err.problems.map((p) => p.message),
        ['no such file', 'matches no file'],
      );
      return true;
    },
  );
});
