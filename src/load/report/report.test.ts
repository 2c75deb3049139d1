import assert from 'node:assert/strict';
import { test } from 'node:test';
import { golden as goldenFile } from '../../../test/helpers/golden.js';
import { displayWidth, renderMarkdownTable, renderTextTable } from '../../render/table.js';
import { csvReport } from './csv-report.js';
import { htmlReport } from './html/index.js';
import { junitReport } from './junit-report.js';
import { knownRun } from './known-run.fixture.js';
import { markdownReport } from './markdown-report.js';
import { runSections } from './sections.js';
import { textReport } from './text-report.js';

const golden = (name: string, actual: string): Promise<void> =>
  goldenFile(new URL(`./golden/${name}`, import.meta.url), actual);

test('the Markdown report matches its golden file (zh)', async () => {
  await golden('report.zh.md', markdownReport(await knownRun('zh')));
});

test('the console report matches its golden file (en)', async () => {
  await golden('report.en.txt', textReport(await knownRun('en')));
});

test('the CSV series and the JUnit report match their golden files', async () => {
  const run = await knownRun('en');
  await golden('series.csv', csvReport(run));
  await golden('junit.xml', junitReport(run));
  const interrupted = junitReport({ ...run, interrupted: true });
  assert.match(interrupted, /errors="1"/);
  assert.match(interrupted, /<error message="interrupted after 5s"\/>/);
});

test("the acceptance table carries the seed's exact shares and verdicts", async () => {
  const r = await knownRun('zh');
  assert.deepEqual(
    r.checks.map((c) => [c.name, c.actual, c.pass]),
    [
      ['share(<=170ms) >= 95%', 0.982 * (1000 / 1010), true],
      ['share(>870ms) <= 1%', 17 / 1010, false],
      ['expected_rate >= 100%', 1, true],
      // The run's own checks, shown apart from the form: 1,010 sent in the fixture's 5 s at 200/s.
      ['delivered >= 95%', 1010 / 5 / 200, true],
      ['send_lateness_p99 <= 10ms', r.generator.latenessMs.p99, true],
    ],
  );
  // The 870 ms row says what it is made of: answers that came late, and requests with no valid answer.
  assert.match(textReport(r), /超过 870 ms处理 1\.68%：迟到的应答 0\.693%，无有效应答 0\.99%（refused 10）/);
  assert.match(textReport(r), /170ms内处理\s+97\.23%\s+>= 95%\s+✔ 通过/);
  assert.match(textReport(r), /超过 870 ms处理\s+1\.68%\s+<= 1%\s+✘ 未通过/);
  assert.match(textReport(r), /err_code 符合预期\s+100%\s+>= 100%\s+✔ 通过/);
});

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** Words that stay as they are in every language: metric names, status codes, share bounds. */
const ANY_LANG = /^(min|mean|max|p\d+(\.\d+)?|OK|err_code|[<>]=?\d+(\.\d+)?m?s)$/;

test('a report is in one language: every title and column of a zh report is Chinese, of an en report English', async () => {
  const zh = await knownRun('zh', { stalledLoop: true });
  const zhWords = runSections(zh).flatMap((s) => [s.title, ...(s.table?.headers ?? [])]);
  assert.deepEqual(
    zhWords.filter((w) => !CJK.test(w) && !ANY_LANG.test(w)),
    [],
  );
  // The lines the report writes itself (notes, the generator's health), not the target's data.
  for (const s of runSections(zh).filter((s) => s.id === 'generator' || s.id === 'notes'))
    for (const line of s.lines ?? []) assert.match(line, CJK, line);
  // A check failed while the generator stalled: the verdict cannot blame the target.
  assert.match(
    markdownReport(zh),
    /^# lptf 压测报告\n[\s\S]*\*\*无法判定（退出码 3）：1 个目标校验点未通过，而压测端同时落后于计划/,
  );
  const en = await knownRun('en', { stalledLoop: true });
  const enText = [textReport(en), markdownReport(en)].join('\n');
  assert.doesNotMatch(enText.replace(/^.*(校验|处理|符合预期).*$/gm, ''), CJK);
  // The page's own words: headings, column heads and the run's facts, in the page's language.
  const html = htmlReport(zh);
  const heads = [...html.matchAll(/<(h1|h2|th|dt|figcaption)>([^<]*)/g)].map((m) =>
    m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  );
  assert.deepEqual(
    heads.filter((w) => !CJK.test(w) && !ANY_LANG.test(w) && w !== 'Node'),
    [],
  );
  assert.match(html, /<html lang="zh-CN">/);
});

test('tables align CJK text and escape pipes in Markdown', () => {
  assert.equal(displayWidth('170ms内处理'), 11);
  const text = renderTextTable({ headers: ['校验点', 'x'], rows: [['ab', '1']], align: ['l', 'r'] });
  assert.equal(text, '校验点  x\n------  -\nab      1');
  assert.equal(renderMarkdownTable({ headers: ['a'], rows: [['x|y']] }), '| a   |\n| :-- |\n| x\\|y |');
});

test('a generator-limited run says so, with its figures, in every report', async () => {
  const run = await knownRun('en', { stalledLoop: true });
  assert.equal(run.generator.behind, true);
  const why = /event-loop stalls: p99 delay 45 ms/;
  for (const [name, text] of [
    ['text', textReport(run)],
    ['md', markdownReport(run)],
    ['html', htmlReport(run)],
    ['junit', junitReport(run)],
  ] as const) {
    assert.match(text, /generator-limited/i, name);
    assert.match(text, why, name);
  }
  assert.match(junitReport(run), /errors="1"[\s\S]*name="load generator kept up">\s*<error message="generator-limited/);
  assert.doesNotMatch(junitReport(await knownRun('en')), /load generator kept up/);
  // In Chinese the run's own case is named in Chinese too (a zh run's junit.xml once said this one in English).
  assert.match(
    junitReport(await knownRun('zh', { stalledLoop: true })),
    /errors="1"[\s\S]*name="发压端跟上了计划">\s*<error message="受限于发压端/,
  );
});

test("a hostile target's markup in groups, examples and the command line is text in the Markdown report", async () => {
  const md = markdownReport(await knownRun('en', { hostile: true }));
  assert.ok(md.includes('&lt;/script>&lt;script>window.__pwned=1'), 'shown, as text');
  // Outside code blocks, where Markdown renders HTML, no tag of the target's is left.
  assert.doesNotMatch(md.replace(/^```\n[\s\S]*?\n```$/gm, ''), /<(script|img|\/script)/);
});

test('a result read back cannot drive the terminal from its headline or verdict: ESC escaped, each one line (hostile N55, N64)', async () => {
  const run = await knownRun('en');
  const crafted = {
    ...run,
    target: { ...run.target, url: 'http://x/\u001b]0;pwned\u0007\u001b[2J' },
    verdict: 'inconclusive' as const,
    verdictWhy: { en: 'why\nPASS: all 9 checks passed \u202e', zh: '原因' },
  };
  const text = textReport(crafted);
  assert.ok(!text.includes('\u001b') && !text.includes('\u202e'), JSON.stringify(text.slice(0, 300)));
  assert.ok(!text.split('\n').some((l) => l.startsWith('PASS')), 'a fake verdict line');
  assert.match(text, /INCONCLUSIVE \(exit 3\): why\\nPASS/);
});
