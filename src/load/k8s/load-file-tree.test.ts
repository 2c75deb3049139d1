import '../../builtins.js';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InvalidInputError } from '../../core/errors/index.js';
import { loadFileTree, MAX_TREE_BYTES } from './load-file-tree.js';

const LOAD_TEST = `import { loadTest } from 'lptf/load';`;
const QUOTE = "'";

test('a load file ships with what it imports (a .js specifier for a .ts file too) and what its feeders read, at their paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-tree-'));
  await mkdir(join(dir, 'lib'));
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'lib', 'paths.ts'), "import { n } from './n.js';\nexport const p = '/x/' + n;\n");
  await writeFile(join(dir, 'lib', 'n.ts'), 'export const n: number = 1;\n');
  await writeFile(join(dir, 'data', 'users.csv'), 'id\n1\n');
  await writeFile(
    join(dir, 'a.load.mjs'),
    `${LOAD_TEST}\nimport { readFileSync } from 'node:fs';\nimport path from 'path';\nexport { p } from './lib/paths.js';\nexport default loadTest({ url: 'http://127.0.0.1:1', data: { users: { file: 'data/users.csv' }, inline: { rows: [{ a: 1 }] } } });\n`,
  );
  const tree = await loadFileTree(join(dir, 'a.load.mjs'));
  assert.deepEqual(
    tree.map((f) => f.path),
    ['a.load.mjs', 'lib/paths.ts', 'lib/n.ts', 'data/users.csv'],
  );
});

test('what cannot ship is refused, every reason at once: a file outside the folder, a package, an absolute path, a missing file, too much', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-tree-'));
  await mkdir(join(dir, 'tests'));
  await writeFile(join(dir, 'shared.mjs'), 'export const s = 1;\n');
  await writeFile(
    join(dir, 'tests', 'b.load.mjs'),
    [
      LOAD_TEST,
      "import { s } from '../shared.mjs';",
      "import got from 'got';",
      "import x from '/etc/x.mjs';",
      // Quoted apart, or the layer check would read it as this file's own import.
      `import { y } from ${QUOTE}./nope.mjs${QUOTE};`,
      "export default loadTest({ url: 'http://127.0.0.1:1' });",
    ].join('\n'),
  );
  await assert.rejects(loadFileTree(join(dir, 'tests', 'b.load.mjs')), (err: InvalidInputError) => {
    const text = err.message;
    return (
      /shared\.mjs is outside the load file's folder/.test(text) &&
      /not the package "got"/.test(text) &&
      /import '\/etc\/x\.mjs'.*absolute path/.test(text) &&
      /nope\.mjs': no such file/.test(text)
    );
  });
  await writeFile(join(dir, 'big.csv'), `id\n${'1\n'.repeat(MAX_TREE_BYTES / 2)}`);
  await writeFile(
    join(dir, 'c.load.mjs'),
    `${LOAD_TEST}\nexport default loadTest({ url: 'http://127.0.0.1:1', data: { big: { file: 'big.csv' }, abs: { file: '/data/x.csv' } } });\n`,
  );
  await assert.rejects(
    loadFileTree(join(dir, 'c.load.mjs')),
    (err: Error) =>
      /weigh \d+ bytes, more than a ConfigMap holds/.test(err.message) &&
      /\/data\/x\.csv is an absolute path/.test(err.message),
  );
});
