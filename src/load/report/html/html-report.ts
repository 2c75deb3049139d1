import type { CheckResult } from '../../../core/checks/index.js';
import { formatDuration } from '../../../core/units/index.js';
import { escapeHtml } from '../../../render/html/escape.js';
import { htmlPage } from '../../../render/html/html-page.js';
import { htmlSection } from '../../../render/html/html-table.js';
import type { RunResult } from '../../result/index.js';
import { checksOf, headline, runSections, verdictLine } from '../sections.js';
import { chartData } from './chart-data.js';

/**
 * A chart of the report: the element the client script draws into, and what it shows.
 *
 * @example
 * ```ts
 * const c: ChartFigure = { id: 'rate', title: 'Requests per second', caption: 'sent and answered OK, each second' }
 * ```
 */
export interface ChartFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
}

/**
 * The load report's charts, in reading order (the client script knows them by id).
 *
 * @example
 * ```ts
 * LOAD_CHARTS.map((c) => c.id) // ['rate', 'latency', 'errors', 'spectrum']
 * ```
 */
export const LOAD_CHARTS: readonly ChartFigure[] = [
  {
    id: 'rate',
    title: 'Achieved vs target rate',
    caption:
      'Requests sent and answered OK in each second, against the planned rate (dashed). A sent line below the target means the generator or the connection limit held the load back.',
  },
  {
    id: 'latency',
    title: 'Latency over time',
    caption:
      'p50, p95, p99 and max of the OK answers that came in each second, timed from the intended send time, on a log scale; dashed lines are the bounds the checks use.',
  },
  {
    id: 'errors',
    title: 'Errors over time, by kind',
    caption:
      'Failed requests each second by kind (timeout, refused, http_5xx, reply codes…), and arrivals dropped because too many were in flight.',
  },
  {
    id: 'spectrum',
    title: 'Latency distribution',
    caption:
      'The percentile spectrum of the whole run (and of each case group): latency at each percentile, the tail stretched so p99.9 is as visible as p50; dashed lines are the check bounds.',
  },
];

/**
 * The `<figure>` elements of some charts.
 *
 * @example
 * ```ts
 * chartFigures(LOAD_CHARTS) // '<section><h2>Charts</h2><div class="charts">…'
 * ```
 */
export function chartFigures(charts: readonly ChartFigure[]): string {
  const figures = charts.map(
    (c) =>
      `<figure><figcaption>${escapeHtml(c.title)}<small>${escapeHtml(c.caption)}</small></figcaption><div class="chart" data-chart="${escapeHtml(c.id)}"></div></figure>`,
  );
  return `<section id="charts"><h2>Charts</h2><div class="charts">\n${figures.join('\n')}\n</div></section>`;
}

/**
 * The run's metadata as a definition list: tool, Node, machine, times, seed, cases, command.
 *
 * @example
 * ```ts
 * runMetadata(result) // '<section id="run"><h2>Run</h2><dl class="meta">…'
 * ```
 */
export function runMetadata(result: RunResult): string {
  const m = result.meta;
  const t = result.target;
  const rows: [string, string][] = [
    ['tool', `${result.tool.name} ${result.tool.version}`],
    ['Node', m.node],
    ['machine', `${m.platform}/${m.arch}, ${m.cpus} CPUs`],
    ['started', result.startedAt],
    ['ended', result.endedAt],
    [
      'ran',
      `${formatDuration(result.elapsedSec * 1000)} of ${formatDuration(t.durationSec * 1000)}${result.interrupted ? ' (interrupted)' : ''}`,
    ],
    [
      'limits',
      `max in flight ${t.maxInflight}, queue ${t.queueCapacity}, timeout ${formatDuration(t.timeoutMs)}, OK status ${t.okStatus}`,
    ],
    ['seed', String(t.seed)],
    ...t.cases.map((c): [string, string] => [`cases ${c.group}`, `${c.count} from ${c.file}`]),
  ];
  const dl = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const command = m.command ? `<pre>${escapeHtml(m.command)}</pre>` : '';
  return `<section id="run"><h2>Run</h2><dl class="meta">${dl}</dl>${command}</section>`;
}

/**
 * The verdict badge's class: `pass`, `fail` or `interrupted`.
 *
 * @example
 * ```ts
 * verdictClass(result) // 'pass'
 * ```
 */
export function verdictClass(result: RunResult): string {
  return result.interrupted ? 'interrupted' : result.passed ? 'pass' : 'fail';
}

/**
 * Renders a run as one self-contained HTML page: the acceptance table with pass/fail, the
 * charts, the per-scope tables, the generator's health and the run's metadata.
 *
 * @example
 * ```ts
 * await writeFile('report.html', htmlReport(result))
 * ```
 */
export function htmlReport(result: RunResult): string {
  const sections = runSections(result);
  const { form, run } = checksOf(result);
  const tableChecks: Readonly<Record<string, readonly CheckResult[]>> = {
    acceptance: form,
    delivery: run,
    'end-to-end': result.info,
  };
  const checkRows = (id: string): ((row: number) => string) => {
    const checks = tableChecks[id] ?? [];
    return (row) => (checks[row]?.pass ? 'pass' : 'fail');
  };
  const rendered = (ids: readonly string[]): string =>
    sections
      .filter((s) => ids.includes(s.id))
      .map((s) => {
        if (Object.hasOwn(tableChecks, s.id))
          return htmlSection(s, {
            className: 'acceptance',
            rowClass: checkRows(s.id),
            columnClass: { 3: 'verdict-cell' },
          });
        if (s.id === 'errors') return htmlSection(s, { columnClass: { 3: 'examples' } });
        if (s.id === 'generator' && result.generator.behind)
          return htmlSection(s).replace('<ul class="lines">', '<ul class="lines warn">');
        return htmlSection(s);
      })
      .join('\n');
  const body = `<header>
<h1>lptf load test report</h1>
<p class="headline">${escapeHtml(headline(result))}</p>
<p><span class="verdict ${verdictClass(result)}" id="verdict">${escapeHtml(verdictLine(result))}</span></p>
</header>
<main>
${rendered(['acceptance', 'end-to-end', 'delivery'])}
${chartFigures(LOAD_CHARTS)}
${rendered(['requests', 'latency', 'phases', 'err-codes', 'errors', 'generator', 'notes', 'warnings'])}
${runMetadata(result)}
</main>
<footer>Written by ${escapeHtml(result.tool.name)} ${escapeHtml(result.tool.version)}. Latency is timed from each request's intended send time, so a stalled server or a full connection pool shows in the figures instead of hiding (no coordinated omission).</footer>`;
  return htmlPage({ title: `lptf report: ${headline(result)}`, lang: result.meta.lang, body, data: chartData(result) });
}
