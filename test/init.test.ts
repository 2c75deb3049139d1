// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// lptf init: a starter that works as written. The printed command runs the load file against a
// loopback server and passes; the tsconfig type-checks it against lptf; a second init replaces
// nothing; the widget starter's cases fit its schema and its config resolves to the self-test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';
import { INCONCLUSIVE_FOR_GENERATOR } from './helpers/verdict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let target: Target;
before(async () => (target = await startTarget({ delayMs: 2 })));
after(() => target.close());

test('lptf init, then the command it prints: a passing run against a loopback server; the tsconfig type-checks the file', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lptf-init-')), 'perf');
  const init = await lptf(['init', dir, '--url', new URL('/health', target.url).href]);
  assert.equal(init.code, 0, init.stderr);
  const command = /^ {2}cd \S+ && npx lptf (run load\.ts)$/m.exec(init.stdout);
  assert.ok(command, init.stdout);
  const file = readFileSync(join(dir, 'load.ts'), 'utf8');
  assert.match(file, /stages: \['3s:20', '7s:20:steady'\]/);
  assert.match(file, /path: '\/health'/);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts, {
    loadtest: 'lptf run load.ts',
  });
  assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'results/\n');
  // The printed command, as npx would run it (this build's lptf), in the starter's folder.
  const run = await lptf(command[1]!.split(' '), { cwd: dir, env: { LANG: 'C' } });
  // Every check of the target passes; a generator late beside the other tests is a warning beside
  // the PASS. At idle priority the target (a process at idle too) was once starved with it: a p95
  // of 575 ms with the generator 263 ms late, which lptf rightly calls inconclusive, naming its
  // generator. That, and nothing else, is accepted here.
  if (run.code === 3) assert.match(run.stdout, INCONCLUSIVE_FOR_GENERATOR);
  else {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^PASS: all \d+ checks (passed|of the target passed; the generator was late)/m);
  }
  assert.match(run.stdout, /p95 latency \[stage steady\]/);
  // The tsconfig checks the file against lptf's own types: it passes, and a type error fails it.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'lptf'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const typed = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.equal(typed.status, 0, typed.stdout);
  writeFileSync(join(dir, 'load.ts'), `${file}const wrong: number = 'text';\n`);
  assert.notEqual(spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }).status, 0);
});

test('lptf init replaces nothing: a file there already, or a script of that name, is refused by name and nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lptf-init-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { test: 'node --test' } }));
  writeFileSync(join(dir, '.gitignore'), 'node_modules/');
  assert.equal((await lptf(['init', dir])).code, 0);
  // Added to, not replaced.
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts, {
    test: 'node --test',
    loadtest: 'lptf run load.ts',
  });
  assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/\nresults/\n');
  const again = await lptf(['init', dir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /load\.ts: is there already: lptf init replaces nothing/);
  const other = mkdtempSync(join(tmpdir(), 'lptf-init-'));
  writeFileSync(join(other, 'package.json'), JSON.stringify({ scripts: { loadtest: 'k6 run x.js' } }));
  const clash = await lptf(['init', other]);
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /scripts\.loadtest: already "k6 run x\.js"/);
  assert.equal(spawnSync('ls', [other], { encoding: 'utf8' }).stdout.trim(), 'package.json', 'nothing written');
  assert.equal((await lptf(['init', other, '--url', 'ftp://x'])).code, 2);
  const secret = await lptf(['init', other, '--url', 'http://ann:s3cret@127.0.0.1:8080/']);
  assert.equal(secret.code, 2);
  assert.doesNotMatch(secret.stderr, /s3cret/);
});

test('lptf init --widget: a config for the self-test, a schema and its cases, which fit it; the plan resolves to the seed self-test', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lptf-init-widget-'));
  const init = await lptf(['init', dir, '--widget']);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /export LPTF_WX_TOKEN=… LPTF_WX_AES_KEY=… LPTF_WX_APPID=wx… LPTF_WX_GH_ID=gh_…/);
  assert.match(init.stdout, /npx lptf run --config lptf\.config\.yaml/);
  const check = await lptf(['cases', 'check', 'cases/normal.jsonl', '--schema', 'schema.yaml'], { cwd: dir });
  assert.equal(check.code, 0, check.stdout);
  assert.match(check.stdout, /1\/quote\/stock_code: 300 of 300 whitelist values used/);
  const env = {
    LPTF_WX_TOKEN: 'tok',
    LPTF_WX_AES_KEY: 'a'.repeat(43),
    LPTF_WX_APPID: 'wx1234567890abcdef',
    LPTF_WX_GH_ID: 'gh_0123456789ab',
  };
  const plan = await lptf(['run', '--config', 'lptf.config.yaml', '--dry-run'], { cwd: dir, env });
  assert.equal(plan.code, 0, plan.stderr);
  for (const text of [/rate\s+200/, /duration\s+30m/, /share\(<=170ms\) >= 95%/, /normal\.jsonl/, /abnormal\.jsonl/])
    assert.match(plan.stdout, text);
  assert.doesNotMatch(readFileSync(join(dir, 'lptf.config.yaml'), 'utf8'), /tok|aaaa/, 'no credential in the file');
});
