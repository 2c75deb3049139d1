// What `npm pack` ships: the built code (built by prepack, from a clean dist/), its assets, the
// README and the LICENSE; no sources, tests or scripts; source maps that carry their sources, so
// a stack trace maps back without the src/ folder the package does not ship.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;

test('npm pack ships the built CLI and library, the LICENSE, and maps with their sources', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, encoding: 'utf8' });
  const [pack] = JSON.parse(out.slice(out.indexOf('['))) as [{ files: { path: string }[]; unpackedSize: number }];
  const files = pack.files.map((f) => f.path);
  for (const must of [
    'LICENSE',
    'README.md',
    'package.json',
    'dist/cli/main.js',
    'dist/index.js',
    'dist/timing/index.js',
    'dist/bench/index.js',
    'assets/report-client.js',
    'assets/cjk-font.js',
    'assets/cjk-font.LICENSE',
  ])
    assert.ok(files.includes(must), `${must} is shipped`);
  assert.deepEqual(
    files.filter((f) => /^(src|test|bench|scripts|examples|docs)\//.test(f) || f.endsWith('.test.js')),
    [],
  );
  // Nothing stale: every module shipped is built from a source that exists now.
  const stale = files.filter(
    (f) => f.startsWith('dist/') && f.endsWith('.js') && !existsSync(`${root}src/${f.slice(5, -3)}.ts`),
  );
  assert.deepEqual(stale, []);
  const maps = files.filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.length > 100, `${maps.length} maps`);
  for (const m of maps) {
    const map = JSON.parse(readFileSync(`${root}${m}`, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    assert.equal(map.sourcesContent?.length, map.sources.length, `${m} carries its sources`);
  }
  process.stdout.write(`# npm pack: ${files.length} files, ${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked\n`);
});
