import assert from 'node:assert/strict';
import { test } from 'node:test';
import { golden as goldenFile } from '../../../test/helpers/golden.js';
import { phaseBars, phaseHtml, phaseMarkdown, phaseText } from './phase-report.js';
import type { PhaseRecord, PhaseTimerResult } from './phase-result.js';

let ids = 0;
const phase = (name: string, startMs: number, wallMs: number, extra: Partial<PhaseRecord> = {}): PhaseRecord => ({
  id: ++ids,
  parent: null,
  name,
  startMs,
  wallMs,
  selfMs: wallMs,
  cpuUserMs: wallMs * 0.01,
  cpuSystemMs: 0.05,
  cpuUtilization: (wallMs * 0.01 + 0.05) / wallMs,
  rssMB: 80,
  rssDeltaMB: 0,
  heapUsedMB: 12.5,
  heapDeltaMB: 0.1,
  gcCount: 0,
  gcPauseMs: 0,
  eventLoopUtilization: 1,
  ...extra,
});

/** The seed's web page with exact sleeps. */
const seedPage: PhaseTimerResult = {
  schema: 'lptf.phases/1',
  name: 'web page',
  startedAt: '2026-11-22T08:00:00.000Z',
  totalMs: 3200,
  unclaimedMs: 0,
  cpuScope: 'process',
  memory: true,
  gc: true,
  ended: true,
  phases: [
    phase('第一阶段', 0, 1000),
    phase('第二阶段', 1000, 100, { gcCount: 2, gcPauseMs: 1.25, heapDeltaMB: -3.5 }),
    phase('第三阶段', 1100, 2000),
    phase('第四阶段', 3100, 50),
    phase('第五阶段', 3150, 50),
  ],
  meta: { node: 'v0.0.0', platform: 'linux', arch: 'x64' },
};

const golden = (name: string, actual: string): Promise<void> =>
  goldenFile(new URL(`./golden/${name}`, import.meta.url), actual);

test('the text and Markdown renderings of the seed page match their golden files', async () => {
  await golden('web-page.txt', phaseText(seedPage));
  await golden('web-page.md', phaseMarkdown(seedPage));
});

test('bars are proportional to wall time, in eighths of a block', () => {
  const bars = phaseBars(seedPage);
  const blocks = (line: string): number => [...line].filter((c) => '█▏▎▍▌▋▊▉'.includes(c)).length;
  assert.equal(blocks(bars[2]!), 40);
  assert.equal(blocks(bars[0]!), 20);
  assert.equal(blocks(bars[3]!), 1);
  assert.equal(
    blocks(phaseBars({ ...seedPage, phases: [phase('a', 0, 1000), phase('b', 0, 30)] })[1]!),
    2,
    '1.2 blocks: one full and a partial',
  );
});

test('the HTML page draws an SVG bar per phase and escapes names', () => {
  const html = phaseHtml({ ...seedPage, phases: [...seedPage.phases, phase('<b>x</b>', 3200, 1)] });
  assert.equal((html.match(/<rect /g) ?? []).length, 6);
  assert.ok(!html.includes('<b>x</b>') && html.includes('&lt;b&gt;x&lt;/b&gt;'));
});

test('a nested tree: children under their parent, shares of the parent that add up with its self time', async () => {
  const request = phase('request', 0, 100, { id: 1, selfMs: 10 });
  const nested: PhaseTimerResult = {
    ...seedPage,
    name: 'one request',
    totalMs: 120,
    unclaimedMs: 0,
    phases: [
      phase('parse', 10, 20, { id: 2, parent: 1 }),
      phase('db', 30, 70, { id: 3, parent: 1 }),
      request,
      phase('after', 100, 20, { id: 4 }),
    ],
  };
  const text = phaseText(nested);
  await golden('nested.txt', text);
  const rows = text.split('\n').filter((l) => /^\d+ /.test(l));
  assert.deepEqual(
    rows.map((l) => l.replace(/^\d+\s+/, '').split(/\s{2,}/)[0]),
    ['request', '└ parse', '└ db', 'after'],
  );
  // 10 ms of its own, 20 and 70 in its children: 10% + 20% + 70%.
  assert.match(text, /└ parse\s+20\.0\s+20\.0\s+20\.0%/);
  assert.match(text, /└ db\s+70\.0\s+70\.0\s+70\.0%/);
  assert.match(text, /request\s+100\s+10\.0\s+83\.3%/);
});
