// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// Failures you can debug: each kind keeps examples with the request line, the status line and the
// answer's first bytes (redacted), named by its flow's step; --debug shows whole exchanges and
// records nothing.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the example server is plain JavaScript, as a user would run it.
import { startShopApp } from '../examples/load/shop-app.mjs';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { packageScratch } from './helpers/loopback.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = await packageScratch('debug-');

type Shop = { url: string; close(): Promise<void> };
const LOGIN = 'examples/load/login.load.ts';

test('--debug on the login example prints the 401 and its body, sends one arrival, and records nothing', async () => {
  const paths: string[] = [];
  const shop = (await startShopApp({
    login: 'refuse',
    onRequest: (r: { path: string }) => paths.push(r.path),
  })) as Shop;
  try {
    const out = join(scratch, 'debug-out');
    const run = await lptf(['run', LOGIN, '--debug', '-o', out], { cwd: root, env: { LPTF_URL: shop.url } });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /--- shop\.login\n>>> POST \/login HTTP\/1\.1/);
    assert.match(run.stdout, />>> \{"user": "\w+", "password": "\[redacted\]"\}/);
    assert.match(run.stdout, /<<< 401 Unauthorized/);
    assert.match(run.stdout, /<<< \{"error":"wrong user or password"\}/);
    assert.match(run.stdout, /✘ http_401/);
    assert.deepEqual(paths, ['/login']);
    assert.deepEqual(await readdir(out).catch(() => []), [], 'a debug run wrote results');
  } finally {
    await shop.close();
  }
});

test("--debug with a working login walks the flow's steps and prints what each extracted", async () => {
  const paths: string[] = [];
  const shop = (await startShopApp({ onRequest: (r: { path: string }) => paths.push(r.path) })) as Shop;
  try {
    const run = await lptf(['run', LOGIN, '--debug', '2'], { cwd: root, env: { LPTF_URL: shop.url } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(paths.length, 6, paths.join(' '));
    assert.match(run.stdout, /<<< set-cookie: \[redacted\]/);
    assert.match(run.stdout, /extracted: cart = "[0-9a-f-]{36}"/);
    assert.match(run.stdout, /--- shop\.add\n>>> POST \/carts\/[0-9a-f-]{36}\/items HTTP\/1\.1/);
    assert.match(run.stdout, /6 request\(s\) sent, 0 not accepted; nothing recorded/);
  } finally {
    await shop.close();
  }
});

test('a run whose login fails names the step, the request, the status and the body in its failure table', async () => {
  const shop = (await startShopApp({ login: 'refuse' })) as Shop;
  try {
    const out = join(scratch, 'refused');
    const run = await lptf(['run', LOGIN, '-q', '-d', '2s', '-o', out], { cwd: root, env: { LPTF_URL: shop.url } });
    // Failed: or inconclusive, if a busy machine made the generator late (the failure table is the point).
    assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stderr}`);
    const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    assert.ok(
      s.checks.some((c) => !c.pass && !c.name.startsWith('send_lateness')),
      'a check of the target failed',
    );
    assert.match(
      s.groups['shop.login']?.examples['http_401']?.[0] ?? '',
      /^POST \/login → 401 Unauthorized: \{"error":"wrong user or password"\}$/,
    );
    assert.match(run.stdout, /shop\.login\s+http_401\s+40\s+POST \/login → 401 Unauthorized/);
    assert.match(
      await readFile(join(out, 'report.md'), 'utf8'),
      /\| shop\.login \| http_401 \|\s+40 \| POST \/login → 401 Unauthorized/,
    );
  } finally {
    await shop.close();
  }
});
