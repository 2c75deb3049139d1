import assert from 'node:assert/strict';
import { test } from 'node:test';
import { golden as goldenFile } from '../../../test/helpers/golden.js';
import { escapeHtml } from '../../render/index.js';
import { HOSTILE, knownRun } from '../report/known-run.fixture.js';
import type { RunResult } from '../result/index.js';
import { compareHtml, compareMarkdown, compareText } from './compare-report.js';
import { compareSections } from './compare-sections.js';

const golden = (name: string, actual: string): Promise<void> =>
  goldenFile(new URL(`./golden/${name}`, import.meta.url), actual);

/** Run A with a faster tail, a higher rate and the failing check now passing. */
function improved(a: RunResult): RunResult {
  return {
    ...a,
    target: { ...a.target, rate: 300 },
    latencyMs: { ...a.latencyMs, p99: a.latencyMs.p99! / 2 },
    checks: a.checks.map((c) => (c.name === 'share(>870ms) <= 1%' ? { ...c, actual: 0.004, pass: true } : c)),
  };
}

test('a run compared with itself changes nothing and has the same plan', async () => {
  const a = await knownRun('en');
  const sections = compareSections(a, a);
  assert.deepEqual(sections.find((s) => s.id === 'plans')?.lines, [
    'Same plan: same target, rate, duration, limits, checks and cases.',
  ]);
  const latency = sections.find((s) => s.id === 'latency')!.table!.rows;
  assert.ok(
    latency.every((r) => r[4] === '±0.00ms (±0%)' || r[4] === 'n/a'),
    JSON.stringify(latency),
  );
  assert.deepEqual(
    sections.find((s) => s.id === 'checks')!.table!.rows.map((r) => [r[3], r[4]]),
    [
      ['±0 pp', 'pass'],
      ['±0 pp', 'fail'],
      ['±0 pp', 'pass'],
      ['±0 pp', 'pass'],
      ['±0.00ms (±0%)', 'pass'],
      ['±0 pp', 'pass'],
      ['±0 pp', 'pass'],
    ],
  );
});

test('changes show as deltas, a verdict that flips says so, and plan differences are named', async () => {
  const a = await knownRun('en');
  const sections = compareSections(a, improved(a));
  assert.deepEqual(sections.find((s) => s.id === 'plans')?.lines, [
    'The runs differ in more than the service:',
    'rate: 200/s vs 300/s',
  ]);
  assert.deepEqual(sections.find((s) => s.id === 'checks')!.table!.rows[1], [
    'share(>870ms) <= 1%',
    '1.68%',
    '0.4%',
    '-1.283 pp',
    'fail → pass',
  ]);
  assert.deepEqual(
    sections.find((s) => s.id === 'latency')!.table!.rows.find((r) => r[1] === 'p99'),
    ['all', 'p99', '500ms', '250ms', '-250ms (-50%)'],
  );
});

test('the text and Markdown comparisons match their golden files', async () => {
  const a = await knownRun('en');
  const c = { a, b: improved(a), labels: ['runs/a', 'runs/b'] as const };
  await golden('compare.txt', compareText(c));
  await golden('compare.md', compareMarkdown(c));
});

test('the HTML comparison escapes labels and carries both runs to the charts', async () => {
  const a = await knownRun('en', { hostile: true });
  const html = compareHtml({ a, b: improved(a), labels: [HOSTILE, 'runs/b'] });
  assert.ok(!html.includes(HOSTILE) && html.includes(escapeHtml(HOSTILE)));
  const data = JSON.parse(/<script type="application\/json" id="lptf-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.deepEqual(Object.keys(data.spectra), ['A', 'B']);
  assert.deepEqual(
    data.runs.map((r: { name: string; seconds: unknown[] }) => [r.name, r.seconds.length]),
    [
      ['A', a.series.length],
      ['B', a.series.length],
    ],
  );
});
