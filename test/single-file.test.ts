// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// The single-file build (npm run bundle → dist/lptf.mjs) on a machine with only Node: copied to a
// folder with no node_modules anywhere above it, run with an environment that holds only PATH
// and a home of its own. It runs the demo, a test in two segments and their merge.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { anyVerdict } from './helpers/cli.js';

const BUILT = new URL('../dist/lptf.mjs', import.meta.url).pathname;

function node(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, args, {
    cwd,
    // Only Node: no inherited NODE_OPTIONS (the tests' tsx), no npm, no node_modules.
    env: { PATH: dirname(process.execPath), HOME: cwd, TMPDIR: cwd, ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, out }));
}

test('the single file runs lptf demo, lptf run in segments and lptf merge, with nothing but Node', async () => {
  assert.ok(existsSync(BUILT), 'npm run bundle writes dist/lptf.mjs (npm test runs it)');
  assert.ok(statSync(BUILT).size < 1024 * 1024, 'it fits in a ConfigMap');
  const dir = mkdtempSync(join(tmpdir(), 'lptf-single-'));
  assert.ok(!existsSync(join(dir, 'node_modules')) && !existsSync(join(dirname(dir), 'node_modules')));
  copyFileSync(BUILT, join(dir, 'lptf.mjs'));

  const version = await node(dir, ['lptf.mjs', '--version']);
  assert.equal(
    version.out.trim(),
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
  );

  // The demo: its own backend is a child process started from the same file.
  const demo = await node(dir, ['lptf.mjs', 'demo', '--duration', '3s', '--out', 'demo']);
  assert.ok(anyVerdict(demo.code), demo.out);
  const html = readFileSync(join(dir, 'demo', 'report.html'), 'utf8');
  assert.match(html, /uPlot/, 'the page inlines uPlot from the file');
  assert.ok(existsSync(join(dir, 'demo', 'pack', 'submission.md')));

  const server = createServer((_q, res) => res.end('ok')).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  try {
    const start = String(Date.now() + 1500);
    const segment = (i: number, more: string[] = []): Promise<{ code: number | null; out: string }> =>
      node(dir, [
        'lptf.mjs',
        'run',
        url,
        '--rate',
        '100',
        '--duration',
        '2s',
        '--segment',
        `${i}/2`,
        '--start-at',
        start,
        '--quiet',
        '--out',
        `s${i}`,
        ...more,
      ]);
    // Segment 1 on two worker threads, which start from the same file.
    const [s0, s1] = await Promise.all([segment(0), segment(1, ['--workers', '2'])]);
    assert.ok(anyVerdict(s0.code), s0.out);
    assert.ok(anyVerdict(s1.code), s1.out);
    const merged = await node(dir, ['lptf.mjs', 'merge', 's0', 's1', '--out', 'merged', '--format', 'html']);
    assert.ok(anyVerdict(merged.code), merged.out);
    const summary = JSON.parse(readFileSync(join(dir, 'merged', 'summary.json'), 'utf8')) as {
      requests: { scheduled: number };
    };
    assert.equal(summary.requests.scheduled, 200, 'the merge holds both segments');
    assert.ok(existsSync(join(dir, 'merged', 'report.html')));
  } finally {
    server.close();
  }
});

test('the single file runs only the bundle it holds: a planted or empty cache file is replaced, an unusable cache folder costs a note (hostile N59-N61)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lptf-single-cache-'));
  copyFileSync(BUILT, join(dir, 'lptf.mjs'));
  const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
  const first = await node(dir, ['lptf.mjs', '--version']);
  assert.equal(first.out.trim(), version);
  // The cache is a folder of this user's alone, in the temporary folder (TMPDIR is `dir` here).
  const cache = join(dir, `lptf-${process.getuid?.() ?? 'user'}`);
  assert.equal(statSync(cache).mode & 0o777, 0o700);
  const [cached] = readdirSync(cache);
  assert.ok(cached?.endsWith('.mjs'), String(cached));
  const cachedFile = join(cache, String(cached));

  // A file planted at the cache path, and one a full disk left empty: neither runs.
  for (const planted of ["console.log('PWNED'); process.exit(0)", '']) {
    writeFileSync(cachedFile, planted);
    const r = await node(dir, ['lptf.mjs', '--version']);
    assert.equal(r.out.trim(), version, `${JSON.stringify(planted)}: ${r.out}`);
    assert.equal(r.code, 0);
  }
  // A cache folder others may write is not used, and what runs is still lptf.
  chmodSync(cache, 0o777);
  const shared = await node(dir, ['lptf.mjs', '--version']);
  assert.match(
    shared.out,
    /^lptf: the cache folder cannot be used \(.*others may write to it\); running from .*\n0\.\d/,
  );
  chmodSync(cache, 0o700);

  // LPTF_CACHE_DIR that cannot hold a file, and a file where the folder should be: a note, no stack.
  writeFileSync(join(dir, 'not-a-folder'), 'x');
  for (const bad of ['/proc/nope', join(dir, 'not-a-folder')]) {
    const r = await node(dir, ['lptf.mjs', '--version'], { LPTF_CACHE_DIR: bad });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`^lptf: the cache folder cannot be used \\(LPTF_CACHE_DIR ${bad}: `), r.out);
    assert.doesNotMatch(r.out, /\n\s+at /, 'a stack trace');
    assert.equal(r.out.trim().split('\n').at(-1), version);
  }
  // Nowhere to write at all: one line and exit 2.
  const r = await node(dir, ['lptf.mjs', '--version'], { LPTF_CACHE_DIR: '/proc/nope', TMPDIR: '/proc/nope-too' });
  assert.equal(r.code, 2, r.out);
  assert.match(
    r.out,
    /^lptf: nowhere to write its code \(LPTF_CACHE_DIR \/proc\/nope: ENOENT; \/proc\/nope-too: ENOENT\)/,
  );
});
