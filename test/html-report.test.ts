// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: these files need the DOM types.
// The HTML report in a real headless Chromium: it opens from a file with no network, draws every
// chart, shows the same acceptance table as summary.json, and keeps hostile strings as text.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { formatThreshold, isRunCheck } from '../src/core/checks/index.js';
import { checkLabel, runKind, WORDS } from '../src/load/report/index.js';
import { HOSTILE, knownRun } from '../src/load/report/known-run.fixture.js';
import type { RunResult } from '../src/load/result/index.js';
import { writeReports } from '../src/output/index.js';
import { browserMissing, drawnCharts, launchBrowser, watchedPage } from './helpers/browser.js';
import { lptf } from './helpers/cli.js';

const skip = browserMissing() ?? false;
let browser: Browser;
let dir: string;

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'lptf-html-'));
  await writeReports(runKind, await knownRun('zh', { hostile: true }), dir, ['html']);
});
after(() => browser?.close());

test('the report opens offline, draws every chart and logs no error', { skip }, async () => {
  const { page, problems } = await watchedPage(browser);
  // Nothing may leave the file: block every request that is not the report itself.
  const requests: string[] = [];
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file://')
      ? route.continue()
      : (() => {
          requests.push(route.request().url());
          return route.abort();
        })(),
  );
  await page.goto(`file://${join(dir, 'report.html')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 5);
  // The run has several case groups: each one's sends per second are drawn against its planned share.
  assert.deepEqual(await drawnCharts(page), { rate: true, groups: true, latency: true, errors: true, spectrum: true });
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, []);
  const shot = join(dir, 'report.png');
  await page.screenshot({ path: shot, fullPage: true });
  process.stdout.write(`# screenshot: ${shot}\n`);
});

test('the acceptance table shows what summary.json holds', { skip }, async () => {
  const result = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunResult;
  const { page } = await watchedPage(browser);
  await page.goto(`file://${join(dir, 'report.html')}`);
  const rows = await page.$$eval('#acceptance tbody tr', (trs) =>
    trs.map((tr) => ({ cls: tr.className, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })),
  );
  const w = WORDS[result.meta.lang];
  const cellsOf = (checks: RunResult['checks']) =>
    checks.map((c) => ({
      cls: c.pass ? 'pass' : 'fail',
      cells: [
        checkLabel(c, 'zh', result.target.protocol),
        c.actual === null ? 'n/a' : formatThreshold(c.actual, c.unit),
        c.expected,
        c.pass ? w.pass : w.fail,
      ],
    }));
  // The form's rows in its table; the run's own checks (load delivered, generator on time) in theirs.
  assert.deepEqual(rows, cellsOf(result.checks.filter((c) => !isRunCheck(c))));
  const runRows = await page.$$eval('#delivery tbody tr', (trs) =>
    trs.map((tr) => ({ cls: tr.className, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })),
  );
  assert.deepEqual(runRows, cellsOf(result.checks.filter(isRunCheck)));
  assert.equal(runRows.length, 2);
  assert.equal(await page.textContent('#verdict'), '未通过：5 个校验点中有 1 个未通过（share(>870ms) <= 1%）');
});

test("the report's Chinese renders in its own inlined font, also where the machine has no CJK font", {
  skip,
}, async () => {
  const script = await readFile(new URL('../assets/cjk-font.js', import.meta.url), 'utf8');
  const chars = [.../subset to these characters: (\S+)\n/u.exec(script)![1]!];
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${join(dir, 'report.html')}`);
  await page.evaluate(() => document.fonts.ready);
  // Each character drawn in a font, as pixels; U+10FFFD (private use) is in no font: it shows what
  // this machine draws for a character it has no glyph for.
  const drawn = await page.evaluate(
    ({ chars, fonts }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      return fonts.map((font) =>
        [...chars, '\u{10FFFD}'].map((ch) => {
          ctx.clearRect(0, 0, 40, 40);
          ctx.font = `32px ${font}`;
          ctx.fillText(ch, 2, 34);
          return ctx.getImageData(0, 0, 40, 40).data.join('');
        }),
      );
    },
    { chars, fonts: ['"lptf-cjk", monospace', 'lptf-no-such-font, monospace'] },
  );
  const [own, system] = drawn as [string[], string[]];
  const noGlyph = own.at(-1)!;
  const blank = new Uint8ClampedArray(40 * 40 * 4).join('');
  assert.deepEqual(
    chars.filter((_, i) => own[i] === noGlyph || own[i] === blank),
    [],
    "every character of lptf's Chinese words has a glyph in the inlined font",
  );
  // Where the machine has no CJK font, the same characters without lptf-cjk are all boxes: the test
  // above is the one that shows the page readable there.
  const boxes = chars.filter((_, i) => system[i] === system.at(-1)).length;
  process.stdout.write(`# without the inlined font, ${boxes} of ${chars.length} characters draw as boxes here\n`);
  // What the page drew its text in, element by element (Chromium's own account): every element whose
  // text has Chinese drew it in lptf-cjk, the first heading as much as the last line.
  // The page's own problems, before DevTools reads it: Chromium 150's CSS agent, enabled below,
  // re-reads a file: page and logs its own refusal ("Unsafe attempt to load URL file:…"), which is
  // the test's doing, not the page's.
  const pageProblems = [...problems];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: 'h1, h2, th, td, dt, dd, li, figcaption, small, #verdict, .headline, .u-label',
  });
  const notInOwnFont: string[] = [];
  let checked = 0;
  for (const nodeId of nodeIds) {
    const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
    const own = outerHTML.replace(/^<[^>]*>/, '').replace(/<[/a-z][\s\S]*$/i, '');
    if (!/[\u4e00-\u9fff]/.test(own)) continue;
    checked++;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    if (!fonts.some((f) => f.isCustomFont)) notInOwnFont.push(`${own} (${fonts.map((f) => f.familyName).join(', ')})`);
  }
  assert.ok(checked > 20, `${checked} elements with Chinese`);
  assert.deepEqual(notInOwnFont, []);
  const header = page.locator('header');
  await header.screenshot({ path: join(dir, 'report-zh-header.png') });
  process.stdout.write(`# screenshot: ${join(dir, 'report-zh-header.png')}\n`);
  assert.deepEqual(pageProblems, []);
  assert.deepEqual(
    problems.filter((p) => !/^console\.error: Unsafe attempt to load URL file:\S+ from frame with URL file:/.test(p)),
    [],
  );
});

test('strings from responses, cases and the command line stay text', { skip }, async () => {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${join(dir, 'report.html')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 5);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(
    await page.locator('script').count(),
    4,
    'the font (the page is in Chinese), the data block, uPlot and the client script: nothing injected',
  );
  const examples = await page.$$eval('#errors td.examples', (tds) => tds.map((td) => td.textContent));
  assert.ok(
    examples.some((e) => e?.startsWith(`HTTP 500: ${HOSTILE}`)),
    'the example is shown verbatim',
  );
  assert.ok((await page.textContent('#run pre'))!.includes(HOSTILE));
  assert.ok(
    (await page.locator('.u-legend').allTextContents()).some((t) => t.includes(HOSTILE)),
    'the group name in the chart legend',
  );
  assert.ok(
    (await page.$$eval('#requests td', (tds) => tds.map((td) => td.textContent))).includes(HOSTILE),
    'the group name in the tables',
  );
  assert.deepEqual(problems, []);
});

test('lptf report re-renders a saved run as HTML', { skip }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-html-rerender-'));
  const run = await lptf(['report', dir, '--format', 'html', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await readFile(join(out, 'report.html'), 'utf8'), await readFile(join(dir, 'report.html'), 'utf8'));
});

test('the report prints: a PDF with the charts on A4 pages', { skip }, async () => {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${join(dir, 'report.html')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 5);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2 && pages <= 8, `${pages} pages`);
  assert.deepEqual(problems, []);
});

test('lptf compare writes an HTML page with both runs overlaid', { skip }, async () => {
  const other = await mkdtemp(join(tmpdir(), 'lptf-html-b-'));
  await writeReports(runKind, await knownRun('en'), other);
  const file = join(other, 'compare.html');
  const run = await lptf(['compare', dir, other, '--format', 'html', '--out', file]);
  assert.equal(run.code, 0, run.stderr);
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 2);
  assert.deepEqual(await drawnCharts(page), { spectrum: true, 'compare-latency': true });
  assert.deepEqual(await page.$$eval('#checks tbody tr td:last-child', (tds) => tds.map((td) => td.textContent)), [
    'pass',
    'fail',
    'pass',
    'pass',
    'pass',
    'pass',
    'fail → pass',
  ]);
  assert.deepEqual(problems, []);
});

test("a straight test's HTML page draws its bars without errors", { skip }, async () => {
  const { PhaseTimer, phaseHtml } = await import('../src/timing/phases/index.js');
  const file = join(dir, 'phases.html');
  const t = new PhaseTimer({ name: 'quick' }).start();
  t.phaseEnd('one');
  await writeFile(file, phaseHtml(t.end('two')));
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${file}`);
  assert.equal(await page.locator('svg.phase-bars rect').count(), 2);
  assert.deepEqual(await page.$$eval('#phases tbody td:nth-child(2)', (tds) => tds.map((td) => td.textContent)), [
    'one',
    'two',
  ]);
  assert.deepEqual(problems, []);
});

test('charts read without a hover: a stopped run does not look like a collapse, the target and bounds are drawn and named, counts are whole', {
  skip,
}, async () => {
  const run = await knownRun('en');
  // Stopped 0.6 s into its last second, which holds 40% of a full second's sends.
  const last = run.series.at(-1)!;
  const cut: RunResult = {
    ...run,
    interrupted: true,
    elapsedSec: run.series.length - 0.6,
    series: [...run.series.slice(0, -1), { ...last, sent: Math.round(run.target.rate * 0.4), failed: 0, errors: {} }],
  };
  const out = await mkdtemp(join(tmpdir(), 'lptf-html-charts-'));
  await writeReports(runKind, cut, out, ['html']);
  const { page, problems } = await watchedPage(browser);
  await page.goto(`file://${join(out, 'report.html')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 5);
  const shot = join(out, 'charts.png');
  await page.screenshot({ path: shot, fullPage: true });
  process.stdout.write(`# screenshot: ${shot}\n`);
  const seen = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: uPlot instances, as the page exposes them
    const plots = (window as any).lptfPlots() as Record<string, any>;
    const rate = plots['rate'];
    const latency = plots['latency'];
    const b = rate.bbox;
    const targetY = Math.round(
      rate.valToPos(
        rate.data[3].find((v: number | null) => v !== null),
        'y',
        true,
      ),
    );
    const bound = latency.series.findIndex((s: { label: string }) => s.label.startsWith('bound '));
    const boundMs = latency.data[bound][0] as number;
    const lb = latency.bbox;
    const boundY = Math.round(latency.valToPos(boundMs, 'y', true));
    // Dark pixels in a box of a canvas: lines and text drawn in near-black or grey. (No helper
    // function: the test's compiler names functions with a helper the page does not have.)
    const boxes = [
      [rate, b.left, targetY - 1, b.width, 3, 60],
      [latency, lb.left + lb.width - 70, boundY - 16, 68, 14, 140],
    ] as const;
    const darkPixels: number[] = [];
    for (const [u, x, y, w, h, max] of boxes) {
      const px = (u.ctx as CanvasRenderingContext2D).getImageData(x, y, w, h).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3]! > 0 && Math.max(px[i]!, px[i + 1]!, px[i + 2]!) < max) n++;
      darkPixels.push(n);
    }
    return {
      sent: rate.data[1] as (number | null)[],
      target: rate.data[3] as (number | null)[],
      seriesOrder: rate.series.map((s: { label: string }) => s.label),
      targetPixels: darkPixels[0]!,
      boundLabelPixels: darkPixels[1]!,
      legends: [...document.querySelectorAll('.u-legend')].map((l) => ({
        text: l.textContent ?? '',
        height: (l as HTMLElement).offsetHeight,
        chart: (l.closest('[data-chart]') as HTMLElement).offsetHeight,
      })),
      errorTicks: (plots['errors'].axes[1]._splits ?? []) as number[],
      groupSeries: plots['groups'].series.map((s: { label: string }) => s.label) as string[],
      groupColumns: plots['groups'].data.slice(1) as (number | null)[][],
    };
  });
  const target = cut.target.rate;
  // The cut second's 40% of sends over the 40% of a second it ran: the target's rate, not a fall.
  assert.ok(Math.abs(seen.sent.at(-1)! - target) < 1, `last second ${seen.sent.at(-1)} of ${target}`);
  assert.deepEqual(seen.seriesOrder, ['second', 'sent', 'answered OK', 'target']);
  assert.ok(seen.targetPixels > 50, `the dashed target line over the sent line: ${seen.targetPixels} dark pixels`);
  assert.ok(seen.boundLabelPixels > 15, `the bound's label beside its line: ${seen.boundLabelPixels} pixels`);
  for (const l of seen.legends) {
    assert.doesNotMatch(l.text, /--/);
    assert.ok(l.height < l.chart / 4, `a legend of ${l.height} px in a chart of ${l.chart}`);
  }
  assert.ok(seen.errorTicks.length > 0 && seen.errorTicks.every(Number.isInteger), `error ticks ${seen.errorTicks}`);
  // Each group's sends (no planned line: this run read no case file to share the rate by): the
  // groups add up to the whole, second by second.
  const names = Object.keys(cut.groups);
  assert.deepEqual(seen.groupSeries, ['second', ...names]);
  for (let i = 0; i < cut.series.length - 1; i++) {
    const sent = names.reduce((n, _, k) => n + (seen.groupColumns[k]?.[i] ?? 0), 0);
    assert.equal(sent, cut.series[i]?.sent, `second ${i + 1}: the groups' sends`);
  }
  assert.deepEqual(problems, []);
});
