/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: this file needs the DOM types.
// The live dashboard, end to end: a real run serves it, a real Chromium follows it, and at the
// end the page holds the same final report the run wrote to disk.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { verdictLine } from '../src/load/report/sections.js';
import type { RunResult } from '../src/load/result/index.js';
import { browserMissing, drawnCharts, launchBrowser, watchedPage } from './helpers/browser.js';
import { CLI } from './helpers/cli.js';
import { tempFile } from './helpers/plan.js';
import { startTarget, type Target } from './helpers/target.js';

const skip = browserMissing() ?? false;
let browser: Browser;
let target: Target;

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  target = await startTarget({ delayMs: 5 });
});
after(async () => {
  await browser?.close();
  await target?.close();
});

/** Starts `lptf run` and resolves with the dashboard URL it prints, and its exit code later. */
function runWithDashboard(
  args: readonly string[],
): Promise<{ url: string; exit: Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--dashboard', '0', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
      const m = /live dashboard at (http:\/\/[^\s]+)/.exec(stderr);
      if (m) resolve({ url: m[1]!, exit });
    });
    void exit.then(({ stderr: e }) => reject(new Error(`lptf exited before serving the dashboard: ${e}`)));
  });
}

/** Opens the dashboard of a 5-second run and waits until it shows 3 seconds or more of it. */
async function openThreeSecondsIn(url: string): ReturnType<typeof watchedPage> {
  const watched = await watchedPage(browser);
  await watched.page.goto(url);
  await watched.page.waitForFunction(
    () => /^[3-9]s of 5s/.test(document.querySelector('[data-field="elapsed"]')?.textContent ?? ''),
    undefined,
    { timeout: 10_000 },
  );
  return watched;
}

test('the dashboard follows a run second by second and ends with a link to the final report', {
  skip,
  timeout: 60_000,
}, async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-dash-'));
  const cases = await tempFile('mixed.jsonl', [
    ...Array.from({ length: 9 }, (_, i) => `{"d": ${3 + i}}`),
    '{"d": 2, "status": 503}',
  ]);
  const { url, exit } = await runWithDashboard([
    target.url,
    '--rate',
    '40',
    '--duration',
    '5s',
    '--cases',
    cases,
    '--out',
    out,
    '--format',
    'html',
    '--check',
    'share(<=170ms) >= 80%',
    '--check',
    'error_rate <= 20%',
    // Chromium renders and screenshots the page on the same two cores: lptf's sends were up to
    // 62 ms late while it did (p99, 3 runs of 4). A late generator beside passing checks is a
    // warning, not a failure: the run's own checks stay as they are.
  ]);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'loopback unless told otherwise');

  // Three updates in: the status, the checks so far and every chart show the run.
  const { page, problems } = await openThreeSecondsIn(url);
  assert.match((await page.textContent('[data-field="rate"]'))!, /of 40\/s$/);
  assert.deepEqual(await page.$$eval('#acceptance tbody td:first-child', (tds) => tds.map((td) => td.textContent)), [
    'share(<=170ms) >= 80%',
    'error_rate <= 20%',
    'delivered >= 95%',
    'send_lateness_p99 <= 10ms',
  ]);
  assert.deepEqual(await drawnCharts(page), { rate: true, latency: true, errors: true, spectrum: true });
  await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true });
  process.stdout.write(`# screenshot: ${join(out, 'dashboard.png')}\n`);

  // The end: the verdict, and the final report kept in the page after the generator has gone.
  await page.waitForSelector('#final-report', { timeout: 20_000 });
  const { code, stderr } = await exit;
  // The page shows the run's own verdict. Chromium shares the two cores with the run, which once
  // held its load back (delivered < 95%): the verdict is the run's to give, the page's to show.
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(code, summary.passed ? 0 : summary.verdict === 'inconclusive' ? 3 : 1, stderr);
  assert.equal(await page.textContent('#verdict'), verdictLine(summary));
  if (summary.checks.every((c) => c.pass)) assert.equal(verdictLine(summary), 'PASS: all 4 checks passed');
  else if (summary.passed)
    assert.match(verdictLine(summary), /^PASS: all 2 checks of the target passed; the generator was late/);
  // Finished: no time left and nothing in flight, not the last second's figures.
  assert.deepEqual(
    [
      await page.textContent('#live-status [data-field="left"]'),
      await page.textContent('#live-status [data-field="inflight"]'),
    ],
    ['0s', '0'],
  );
  const kept = await page.evaluate(async () =>
    (await fetch((document.getElementById('final-report') as HTMLAnchorElement).href)).text(),
  );
  assert.equal(kept, await readFile(join(out, 'report.html'), 'utf8'));
  assert.ok((await page.textContent('#live-banner'))!.includes(join(out, 'report.html')));
  assert.deepEqual(problems, []);

  // The generator closed the dashboard's port when it exited.
  const port = Number(new URL(url).port);
  await assert.rejects(
    new Promise((resolve, reject) => connect(port, '127.0.0.1').on('connect', resolve).on('error', reject)),
  );
});

test("with scenarios of their own, the live page draws each one's sends against its plan, and the rate chart's target follows the parts", {
  skip,
  timeout: 60_000,
}, async () => {
  // Inside the package, so the file's `import … from 'lptf/load'` resolves to this build.
  const root = fileURLToPath(new URL('..', import.meta.url));
  await mkdir(join(root, '.scratch'), { recursive: true });
  const work = await mkdtemp(join(root, '.scratch', 'dash-'));
  try {
    const file = join(work, 'parts.load.mjs');
    await writeFile(
      file,
      `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${target.url}',
  rate: 20,
  duration: '5s',
  scenarios: {
    a: { request: { path: '/a' } },
    b: { stages: ['2s:60:up', '3s:60:hold'], request: { path: '/b' } },
  },
});
`,
    );
    const { url, exit } = await runWithDashboard([file, '--out', join(work, 'out')]);
    const { page, problems } = await openThreeSecondsIn(url);
    // No request fails here: the errors chart is drawn empty (grey), the others in colour.
    assert.deepEqual(await drawnCharts(page), {
      rate: true,
      groups: true,
      latency: true,
      errors: false,
      spectrum: true,
    });
    const seen = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: uPlot instances, as the page exposes them
      const plots = (window as any).lptfPlots() as Record<string, any>;
      return {
        target: (plots['rate'].data[3] as (number | null)[]).slice(0, 2),
        groups: plots['groups'].series.map((s: { label: string }) => s.label) as string[],
      };
    });
    // a at 20/s, b ramping 0 → 60/s over 2 s: 15 and 45 planned in its first two seconds.
    assert.deepEqual(seen.target, [35, 65]);
    assert.deepEqual([...seen.groups].sort(), ['a', 'a planned', 'b', 'b planned', 'second']);
    await exit;
    assert.deepEqual(problems, []);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
