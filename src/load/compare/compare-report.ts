import type { SecondSummary } from '../../core/recorder/index.js';
import {
  escapeHtml,
  htmlPage,
  htmlSection,
  type Section,
  sectionsToMarkdown,
  sectionsToText,
} from '../../render/index.js';
import { boundsOf, type ChartData, type ChartFigure, chartFigures } from '../report/html/index.js';
import { headline, verdictLine } from '../report/index.js';
import type { RunResult } from '../result/index.js';
import { compareSections } from './compare-sections.js';

/**
 * Two runs to compare, A (before) and B (after), and what to call them (their folders, say).
 *
 * @example
 * ```ts
 * const c: Comparison = { a: before, b: after, labels: ['results/main', 'results/branch'] }
 * ```
 */
export interface Comparison {
  readonly a: RunResult;
  readonly b: RunResult;
  readonly labels: readonly [string, string];
}

function runLines(c: Comparison): string[] {
  return (
    [
      ['A', c.a, c.labels[0]],
      ['B', c.b, c.labels[1]],
    ] as const
  ).map(([name, r, label]) => `${name}: ${label}: ${headline(r)}, started ${r.startedAt}; ${verdictLine(r)}`);
}

/**
 * A comparison for the console.
 *
 * @example
 * ```ts
 * process.stdout.write(compareText({ a, b, labels: ['a', 'b'] }))
 * ```
 */
export function compareText(c: Comparison): string {
  const out = ['lptf compare: B against A', ...runLines(c), ''];
  // Each section has lines or a table, never both: the shared order changes nothing.
  out.push(...sectionsToText(compareSections(c.a, c.b)));
  return out.join('\n');
}

/**
 * A comparison in Markdown, for a pull request or an issue.
 *
 * @example
 * ```ts
 * await writeFile('compare.md', compareMarkdown({ a, b, labels: ['a', 'b'] }))
 * ```
 */
export function compareMarkdown(c: Comparison): string {
  const out = ['# lptf compare: B against A', '', ...runLines(c).map((l) => `- ${l}`), ''];
  out.push(...sectionsToMarkdown(compareSections(c.a, c.b)));
  return out.join('\n');
}

/** The comparison's charts: both runs' distributions, and their latency over time. */
const COMPARE_CHARTS: readonly ChartFigure[] = [
  {
    id: 'spectrum',
    title: { en: 'Latency distribution, A and B', zh: 'A 与 B 的耗时分布' },
    caption: {
      en: 'Each run’s percentile spectrum of OK latency; dashed lines are the check bounds. A line further down is faster at that percentile.',
      zh: '两次压测 OK 耗时的百分位谱；虚线是校验点的界限。线越低，在该百分位上越快。',
    },
  },
  {
    id: 'compare-latency',
    title: { en: 'p95 and p99 over time, A and B', zh: 'A 与 B 的 P95、P99 随时间变化' },
    caption: {
      en: 'Per second, from each run’s own start, on a log scale.',
      zh: '每秒一点，从各自的开始算起，对数刻度。',
    },
  },
];

/**
 * A comparison as a self-contained HTML page: the tables, and both runs' charts overlaid.
 *
 * @example
 * ```ts
 * await writeFile('compare.html', compareHtml({ a, b, labels: ['a', 'b'] }))
 * ```
 */
export function compareHtml(c: Comparison): string {
  const sections = compareSections(c.a, c.b).map((s: Section) =>
    s.id === 'checks'
      ? htmlSection(s, {
          className: 'acceptance',
          rowClass: (i) => (s.table?.rows[i]?.[4]?.endsWith('fail') ? 'fail' : 'pass'),
          columnClass: { 4: 'verdict-cell' },
        })
      : htmlSection(s),
  );
  const body = `<header>
<h1>lptf compare: B against A</h1>
<ul class="lines">${runLines(c)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('')}</ul>
</header>
<main>
${sections.join('\n')}
${chartFigures(COMPARE_CHARTS, 'en')}
</main>`;
  const runs: { name: string; seconds: readonly SecondSummary[] }[] = [
    { name: 'A', seconds: c.a.series },
    { name: 'B', seconds: c.b.series },
  ];
  const data: ChartData & { runs: typeof runs } = {
    targetRate: c.b.target.rate,
    durationSec: Math.max(c.a.target.durationSec, c.b.target.durationSec),
    bounds: boundsOf({ ...c.a.shares, ...c.b.shares }),
    seconds: [],
    spectra: { A: c.a.spectrum, B: c.b.spectrum },
    runs,
  };
  return htmlPage({ title: `lptf compare: ${c.labels[0]} vs ${c.labels[1]}`, lang: 'en', body, data });
}
