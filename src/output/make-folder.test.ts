import assert from 'node:assert/strict';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeFolder } from './make-folder.js';

test('makes the folders that are missing, and is done where they all are', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-make-folder-'));
  const deep = join(dir, 'a', 'b', 'c');
  await makeFolder(deep);
  assert.ok((await stat(deep)).isDirectory());
  await makeFolder(deep);
  await Promise.all([makeFolder(join(dir, 'x', 'y')), makeFolder(join(dir, 'x', 'z'))]);
  assert.ok((await stat(join(dir, 'x', 'z'))).isDirectory());
});

test('a folder that cannot be made is an error at once, where Node spins for ever (/proc/nope), and a file in the way too', async () => {
  if (process.platform === 'linux') await assert.rejects(makeFolder('/proc/nope/deeper'), { code: 'ENOENT' });
  const dir = await mkdtemp(join(tmpdir(), 'lptf-make-folder-'));
  await writeFile(join(dir, 'file'), 'x');
  await assert.rejects(makeFolder(join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
});
