// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the example app is plain JavaScript, as a user would run it.
import { startShopApp } from '../examples/load/shop-app.mjs';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { assertTargetFailed } from './helpers/verdict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
await mkdir(join(root, '.scratch'), { recursive: true });
const scratch = await mkdtemp(join(root, '.scratch', 'load-flows-'));
after(() => rm(scratch, { recursive: true, force: true }));

interface Seen {
  readonly t: number;
  readonly end: number;
  readonly method: string;
  readonly path: string;
  readonly cart: string | undefined;
}

/** Runs the login example against the shop, `login` as given, and returns what each side saw. */
async function runShop(
  login: 'ok' | 'refuse' | 'no-cookie',
  flags: readonly string[] = [],
  interruptAfterMs?: number,
): Promise<{ code: number | null; stderr: string; summary: RunResult; report: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const shop = await startShopApp({ login, onRequest: (r: Seen) => seen.push(r) });
  const out = await mkdtemp(join(scratch, `${login}-`));
  try {
    const run = await lptf(['run', 'examples/load/login.load.ts', '-q', '-o', out, ...flags], {
      cwd: root,
      env: { LPTF_URL: shop.url },
      ...(interruptAfterMs === undefined ? {} : { interruptAfterMs }),
    });
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    return {
      code: run.code,
      stderr: run.stderr,
      summary,
      report: await readFile(join(out, 'report.md'), 'utf8'),
      seen,
    };
  } finally {
    await shop.close();
  }
}

test('the login flow passes against the Express example: each user logs in, searches and fills its own cart, steps apart by their think times', async () => {
  const { code, stderr, summary, report, seen } = await runShop('ok', ['--duration', '5s']);
  assert.equal(code, 0, `${stderr}\n${JSON.stringify(summary.checks)}`);
  // 20 arrivals a second for 5 s: 100 flows, each three requests, each step in its own group.
  const groups = summary.groups;
  assert.deepEqual(Object.keys(groups).sort(), ['shop.add', 'shop.login', 'shop.search']);
  for (const g of ['shop.login', 'shop.search', 'shop.add']) assert.equal(groups[g]?.requests.ok, 100, g);
  assert.equal(summary.requests.sent, 300);
  // Delivered is judged on arrivals, not on every request: 100 of 100 planned.
  const delivered = summary.checks.find((c) => c.name.startsWith('delivered'));
  assert.ok(
    delivered?.pass && (delivered.actual ?? 0) > 0.95 && (delivered.actual ?? 0) <= 1.01,
    JSON.stringify(delivered),
  );
  assert.match(report, /shop 100% \(a flow of 3 steps\)/);
  assert.match(report, /\(100 arrivals\)/);

  // At the server: each flow is one session (its cart), whose three requests came in order, each
  // at least its think time after the answer before it (300 ms after the login, 500 after the search).
  const flows = new Map<string, Seen[]>();
  for (const r of seen) {
    assert.ok(r.cart, `${r.method} ${r.path} came without a session`);
    flows.set(r.cart, [...(flows.get(r.cart) ?? []), r]);
  }
  assert.equal(flows.size, 100);
  const waits: number[] = [];
  for (const [cart, [login, search, add, ...more]] of flows) {
    assert.ok(login && search && add && more.length === 0, `${cart}: ${flows.get(cart)?.map((r) => r.path)}`);
    assert.equal(login.path, '/login');
    assert.match(search.path, /^\/products\?q=\w+$/);
    assert.equal(add.path, `/carts/${cart}/items`, 'the cart id extracted from the login answer');
    // Within a millisecond: a step may go out up to 1 ms early, as the open model's arrivals do.
    assert.ok(search.t - login.end >= 299, `search ${search.t - login.end} ms after the login's answer`);
    assert.ok(add.t - search.end >= 499, `add ${add.t - search.end} ms after the search's answer`);
    waits.push(add.t - search.end);
  }
  // Not much more either: the think time is a pause, not a minimum.
  waits.sort((x, y) => x - y);
  assert.ok((waits[50] ?? 0) < 600, `median search → add ${waits[50]} ms`);
});

test('the login flow fails by kind when login is broken: a refused login ends each flow at its first step', async () => {
  const { code, stderr, summary, report, seen } = await runShop('refuse', ['--duration', '2s']);
  assertTargetFailed({ code, stderr, stdout: '' }, summary);
  assert.deepEqual(Object.keys(summary.groups), ['shop.login']);
  assert.equal(summary.groups['shop.login']?.errors['http_401'], 40);
  assert.equal(seen.filter((r) => r.path !== '/login').length, 0, 'no later step is sent after a failed one');
  assert.match(report, /http_401/);
});

test('a login that sets no session fails its own check, with the reason, and the flow stops there', async () => {
  const { code, stderr, summary, report, seen } = await runShop('no-cookie', ['--duration', '2s']);
  assertTargetFailed({ code, stderr, stdout: '' }, summary);
  const login = summary.groups['shop.login'];
  assert.equal(login?.errors['check:shop.login'], 40);
  assert.deepEqual(login?.examples?.['check:shop.login'], ['no session cookie (POST /login → 200 OK)']);
  assert.equal(seen.filter((r) => r.path !== '/login').length, 0);
  assert.match(report, /check:shop\.login/);
});

test('without its cookie jar the flow logs in but its next step is refused: the jar is what carries the session', async () => {
  const file = join(scratch, 'no-jar.load.ts');
  const example = await readFile(join(root, 'examples/load/login.load.ts'), 'utf8');
  await writeFile(
    file,
    example
      .replace("'../../src/load/script/load-test.js'", JSON.stringify(join(root, 'src/load/script/load-test.js')))
      .replace(
        "data: { users: { file: 'data/users.csv' } }",
        `data: { users: { file: ${JSON.stringify(join(root, 'examples/load/data/users.csv'))} } }`,
      )
      .replace('    shop: {\n', '    shop: {\n      cookies: false,\n'),
  );
  const seen: Seen[] = [];
  const shop = await startShopApp({ onRequest: (r: Seen) => seen.push(r) });
  const out = await mkdtemp(join(scratch, 'no-jar-'));
  try {
    const run = await lptf(['run', file, '-q', '-o', out, '--duration', '2s'], {
      cwd: root,
      env: { LPTF_URL: shop.url },
    });
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    assertTargetFailed(run, summary);
    assert.equal(summary.groups['shop.login']?.requests.ok, 40);
    assert.equal(summary.groups['shop.search']?.errors['http_401'], 40);
    assert.equal(summary.groups['shop.add'], undefined);
  } finally {
    await shop.close();
  }
});

test('the flow runs alike on the undici client: its cookies and extractions need the headers it keeps', async () => {
  const { code, stderr, summary } = await runShop('ok', ['--duration', '2s', '--client', 'undici']);
  assert.equal(code, 0, `${stderr}\n${JSON.stringify(summary.checks.filter((c) => !c.pass))}`);
  for (const g of ['shop.login', 'shop.search', 'shop.add']) assert.equal(summary.groups[g]?.requests.ok, 40, g);
});

test('on two worker threads, and stopped by Ctrl-C: each flow stops where it stands, and what was measured is kept', async () => {
  // 4 s: two workers each import the load file first (over a second in CI) before any arrival.
  const { code, stderr, summary, seen } = await runShop('ok', ['--duration', '30s', '--workers', '2'], 4_000);
  assert.equal(code, 130, stderr);
  assert.equal(summary.interrupted, true);
  const login = summary.groups['shop.login']?.requests;
  const add = summary.groups['shop.add']?.requests;
  // 20 arrivals a second: at least a few flows got through, and some were cut short.
  assert.ok(login && add && login.ok >= 10 && add.ok >= 1, JSON.stringify(summary.groups));
  // Every answer the server gave is in the summary: none lost, and each step of each flow in order.
  for (const [group, path] of [
    ['shop.login', '/login'],
    ['shop.search', '/products'],
    ['shop.add', '/carts/'],
  ] as const)
    assert.equal(summary.groups[group]?.requests.ok, seen.filter((r) => r.path.startsWith(path)).length, group);
  // No flow took a step after the stop: the adds are at most the searches, the searches at most the logins.
  assert.ok(add.sent <= (summary.groups['shop.search']?.requests.sent ?? 0) && add.sent <= login.sent);
});
