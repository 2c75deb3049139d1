/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// Code passed to page.evaluate runs in the browser: this file needs the DOM types.
// The session timer's live page and lptf bench's HTML page in a real Chromium.

import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { sessionTiming } from '../src/timing/index.js';
import { browserMissing, launchBrowser, watchedPage } from './helpers/browser.js';
import { lptf } from './helpers/cli.js';

const skip = browserMissing() ?? false;
let browser: Browser;
before(async () => {
  if (!skip) browser = await launchBrowser();
});
after(() => browser?.close());

test("the session page follows the visitor's own session, live", { skip }, async () => {
  const sessions = sessionTiming({ route: '/_lptf/session' });
  const server = createServer((req, res) =>
    sessions.middleware(req, res, () => {
      // Chromium asks for a favicon after each page, when it likes: not a page of the session.
      if (req.url === '/favicon.ico') return void res.writeHead(204).end();
      sessions.timerOf(req)!.phaseEnd(`visited ${req.url}`);
      res.end('ok');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${url}/cart`);
    await page.goto(`${url}/pay`);
    await page.goto(`${url}/_lptf/session/page`);
    await page.waitForFunction(() => document.querySelectorAll('#phases tbody tr').length === 2);
    assert.deepEqual(await page.$$eval('#phases tbody td:nth-child(2)', (tds) => tds.map((td) => td.textContent)), [
      'visited /cart',
      'visited /pay',
    ]);
    // A phase added in another tab shows up within the page's next poll.
    await page.evaluate(async (u) => void (await fetch(`${u}/<b>x</b>`)), url);
    await page.waitForFunction(() => document.querySelectorAll('#phases tbody tr').length === 3, undefined, {
      timeout: 3000,
    });
    assert.equal(await page.locator('#phases b').count(), 0, 'a path with markup stays text');
    assert.deepEqual(problems, []);
  } finally {
    server.close();
  }
});

test("lptf bench's HTML page draws a chart per suite without errors", { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-bench-html-'));
  const run = await lptf([
    'bench',
    'test/fixtures/bench/stable.bench.ts',
    '--rounds',
    '5',
    '--sample-ms',
    '0.5',
    '--warmup-ms',
    '20',
    '--quiet',
    '--format',
    'html',
    '--out',
    dir,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${join(dir, 'bench.html')}`);
  assert.equal(await page.locator('svg.bench-bars').count(), 1);
  assert.equal(await page.locator('svg.bench-bars rect').count(), 4, 'two benchmarks × two cases');
  assert.deepEqual(problems, []);
});
