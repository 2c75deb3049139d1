import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareBounds } from '../checks/index.js';
import { resolvePlan } from '../plan/index.js';
import { Recorder } from '../recorder/index.js';
import { buildResult, type RunResult } from '../result/index.js';
import { csvReport } from './csv-report.js';
import { junitReport } from './junit-report.js';
import { markdownReport } from './markdown-report.js';
import { displayWidth, renderMarkdownTable, renderTextTable } from './table.js';
import { textReport } from './text-report.js';

async function caseFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'lptf-report-')), 'normal.jsonl');
  await writeFile(path, '{"type": 1, "slot_list": []}\n');
  return path;
}

/** A run with known figures: 982 answers in 20 ms, 11 in 500 ms, 7 in 900 ms (normal), and 10 refused (abnormal). */
async function knownRun(lang: 'zh' | 'en'): Promise<RunResult> {
  const { plan } = await resolvePlan([
    {
      url: { value: 'http://127.0.0.1:8080/widget?token=[redacted]', where: 'test' },
      preset: { value: 'wechat-widget', where: 'test' },
      plain: { value: true, where: 'test' },
      cases: { value: [await caseFile()], where: 'test' },
      duration: { value: '5s', where: 'test' },
      seed: { value: 7, where: 'test' },
      lang: { value: lang, where: 'test' },
    },
  ]);
  const rec = new Recorder(shareBounds([...plan.checks, ...plan.info]));
  let t = 0;
  const ok = (ms: number): void => {
    rec.onDue('normal', 0.25);
    rec.onSent('normal', t);
    rec.onOk('normal', ms, ms - 0.5, 200, t + ms);
    t += 5;
  };
  for (let i = 0; i < 982; i++) ok(20);
  for (let i = 0; i < 11; i++) ok(500);
  for (let i = 0; i < 7; i++) ok(900);
  for (let i = 0; i < 10; i++) {
    rec.onDue('abnormal', 0.5);
    rec.onSent('abnormal', t);
    rec.onFailed('abnormal', 'refused', t);
  }
  rec.series.flush(5100);
  const result = buildResult({
    plan,
    caseGroups: [],
    recorder: rec,
    timing: { startMs: 0, startedAt: new Date(Date.UTC(2026, 10, 22, 8)), scheduleMs: 5000, sendWindowMs: 5000, totalMs: 5100, interrupted: false },
    usage: { cpuUserMs: 400, cpuSystemMs: 100, maxRssMB: 64, eventLoopDelayMs: { p50: 0.1, p99: 1.2, max: 3 } },
    warnings: ['normal: 2 duplicate case(s); repeats may hit the service\'s cache'],
    tool: { name: 'lptf', version: '0.0.0-test' },
    command: 'lptf run http://127.0.0.1:8080/widget --preset wechat-widget',
  });
  return { ...result, meta: { ...result.meta, node: 'v0.0.0', platform: 'linux', arch: 'x64', cpus: 2 } };
}

async function golden(name: string, actual: string): Promise<void> {
  const url = new URL(`./golden/${name}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN']) await writeFile(url, actual);
  assert.equal(actual, await readFile(url, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`);
}

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

test('the acceptance table carries the seed\'s exact shares and verdicts', async () => {
  const r = await knownRun('zh');
  assert.deepEqual(
    r.checks.map((c) => [c.name, c.actual, c.pass]),
    [
      ['share(<=170ms) >= 95%', 0.982 * (1000 / 1010), true],
      ['share(>870ms) <= 1%', 17 / 1010, false],
    ],
  );
  assert.match(textReport(r), /170ms内处理\s+97\.23%\s+>= 95%\s+✔ 通过/);
  assert.match(textReport(r), /超过 870 ms处理\s+1\.68%\s+<= 1%\s+✘ 未通过/);
});

test('tables align CJK text and escape pipes in Markdown', () => {
  assert.equal(displayWidth('170ms内处理'), 11);
  const text = renderTextTable({ headers: ['校验点', 'x'], rows: [['ab', '1']], align: ['l', 'r'] });
  assert.equal(text, '校验点  x\n------  -\nab      1');
  assert.equal(renderMarkdownTable({ headers: ['a'], rows: [['x|y']] }), '| a   |\n| :-- |\n| x\\|y |');
});
