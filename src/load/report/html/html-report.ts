import type { CheckResult } from '../../../core/checks/index.js';
import { formatDuration } from '../../../core/units/index.js';
import { escapeHtml } from '../../../render/html/escape.js';
import { htmlPage } from '../../../render/html/html-page.js';
import { htmlSection } from '../../../render/html/html-table.js';
import type { Lang } from '../../plan/index.js';
import type { RunResult, Said } from '../../result/index.js';
import { WORDS } from '../labels.js';
import { checksOf, headline, runSections, verdictLine } from '../sections.js';
import { chartData } from './chart-data.js';

/**
 * A chart of the report: the element the client script draws into, and what it shows.
 *
 * @example
 * ```ts
 * const c: ChartFigure = { id: 'rate', title: { en: 'Requests per second', zh: '每秒请求数' }, caption: { en: '…', zh: '…' } }
 * ```
 */
export interface ChartFigure {
  readonly id: string;
  readonly title: Said;
  readonly caption: Said;
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
    title: { en: 'Achieved vs target rate', zh: '实际速率与计划速率' },
    caption: {
      en: 'Requests sent and answered OK in each second, against the planned rate (dashed). A sent line below the target means the generator or the connection limit held the load back.',
      zh: '每秒发出的请求和 OK 应答，对照计划速率（虚线）。发送线低于计划线，说明发压端或连接上限压住了压力。',
    },
  },
  {
    id: 'latency',
    title: { en: 'Latency over time', zh: '耗时随时间的变化' },
    caption: {
      en: 'p50, p95, p99 and max of the OK answers that came in each second, timed from the intended send time, on a log scale; dashed lines are the bounds the checks use.',
      zh: '每秒收到的 OK 应答的 P50、P95、P99 和最大值，从计划发送时间算起，对数刻度；虚线是校验点使用的界限。',
    },
  },
  {
    id: 'errors',
    title: { en: 'Errors over time, by kind', zh: '按类型的错误随时间的变化' },
    caption: {
      en: 'Failed requests each second by kind (timeout, refused, http_5xx, reply codes…), and arrivals dropped because too many were in flight.',
      zh: '每秒按类型统计的失败请求（timeout、refused、http_5xx、应答码……），以及因在途请求过多而丢弃的到达请求。',
    },
  },
  {
    id: 'spectrum',
    title: { en: 'Latency distribution', zh: '耗时分布' },
    caption: {
      en: 'The percentile spectrum of the whole run (and of each case group): latency at each percentile, the tail stretched so p99.9 is as visible as p50; dashed lines are the check bounds.',
      zh: '整个压测（及每个用例组）的百分位谱：各百分位上的耗时，尾部拉伸，使 P99.9 和 P50 一样清楚；虚线是校验点的界限。',
    },
  },
];

/** The chart of each scenario's (or case group's) sends, placed under the rate chart when a run has several. */
export const GROUPS_CHART: ChartFigure = {
  id: 'groups',
  title: { en: 'Requests per second by scenario', zh: '各场景每秒请求数' },
  caption: {
    en: "Requests sent each second in each scenario (a flow's steps each apart; without scenarios, each case group), against what the plan scheduled for it (dashed, same colour; a flow's counts its arrivals; case groups' by their number of cases, on average). Dotted lines mark where stages start.",
    zh: '每个场景每秒发出的请求（用户流程的每一步分开计；没有场景时按用例组），对照计划给它的速率（同色虚线；用户流程按到达数计；用例组按用例条数平均分配）。点线标出各阶段的开始。',
  },
};

/** The watched servers' chart, placed under the latency chart when a run watched some. */
export const SERVER_CHART: ChartFigure = {
  id: 'servers',
  title: { en: 'Servers: CPU and memory', zh: '被测服务器：CPU 与内存' },
  caption: {
    en: 'Each watched server, each second: CPU (solid, left axis: of one core for a process, of all cores for a host) and memory (dashed, right axis: RSS, or a host’s memory in use). A dashed line that only climbs is a leak.',
    zh: '每个被测服务器每秒的 CPU（实线，左轴：进程按单核计，主机按全部核计）和内存（虚线，右轴：RSS，或主机已用内存）。只升不降的虚线就是泄漏。',
  },
};

/**
 * The load report's charts for a run: the per-scenario chart follows the rate chart when the run
 * has several scenarios or groups, and the servers' chart the latency chart when it watched servers.
 *
 * @example
 * ```ts
 * loadCharts(true, true).map((c) => c.id) // ['rate', 'groups', 'latency', 'servers', 'errors', 'spectrum']
 * ```
 */
export function loadCharts(watched: boolean, grouped = false): readonly ChartFigure[] {
  return LOAD_CHARTS.flatMap((c) => [
    c,
    ...(c.id === 'rate' && grouped ? [GROUPS_CHART] : []),
    ...(c.id === 'latency' && watched ? [SERVER_CHART] : []),
  ]);
}

/**
 * The `<figure>` elements of some charts, in a page's language.
 *
 * @example
 * ```ts
 * chartFigures(LOAD_CHARTS, 'en') // '<section><h2>Charts</h2><div class="charts">…'
 * ```
 */
export function chartFigures(charts: readonly ChartFigure[], lang: Lang): string {
  const figures = charts.map(
    (c) =>
      `<figure><figcaption>${escapeHtml(c.title[lang])}<small>${escapeHtml(c.caption[lang])}</small></figcaption><div class="chart" data-chart="${escapeHtml(c.id)}"></div></figure>`,
  );
  return `<section id="charts"><h2>${WORDS[lang].charts}</h2><div class="charts">\n${figures.join('\n')}\n</div></section>`;
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
  const zh = m.lang === 'zh';
  const ran = `${formatDuration(result.elapsedSec * 1000)}${zh ? ' / ' : ' of '}${formatDuration(t.durationSec * 1000)}`;
  const rows: [string, string][] = zh
    ? [
        ['工具', `${result.tool.name} ${result.tool.version}`],
        ['Node', m.node],
        ['机器', `${m.platform}/${m.arch}，${m.cpus} 个 CPU`],
        ['开始', result.startedAt],
        ['结束', result.endedAt],
        ['运行', `${ran}${result.interrupted ? '（被中断）' : ''}`],
        [
          '限制',
          `最多在途 ${t.maxInflight}，队列 ${t.queueCapacity}，超时 ${formatDuration(t.timeoutMs)}，OK 状态码 ${t.okStatus}`,
        ],
        ['随机种子', String(t.seed)],
        ...t.cases.map((c): [string, string] => [`用例 ${c.group}`, `${c.count} 条，来自 ${c.file}`]),
      ]
    : [
        ['tool', `${result.tool.name} ${result.tool.version}`],
        ['Node', m.node],
        ['machine', `${m.platform}/${m.arch}, ${m.cpus} CPUs`],
        ['started', result.startedAt],
        ['ended', result.endedAt],
        ['ran', `${ran}${result.interrupted ? ' (interrupted)' : ''}`],
        [
          'limits',
          `max in flight ${t.maxInflight}, queue ${t.queueCapacity}, timeout ${formatDuration(t.timeoutMs)}, OK status ${t.okStatus}`,
        ],
        ['seed', String(t.seed)],
        ...t.cases.map((c): [string, string] => [`cases ${c.group}`, `${c.count} from ${c.file}`]),
      ];
  const dl = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const command = m.command ? `<pre>${escapeHtml(m.command)}</pre>` : '';
  return `<section id="run"><h2>${WORDS[m.lang].run}</h2><dl class="meta">${dl}</dl>${command}</section>`;
}

/**
 * The verdict badge's class: `pass`, `fail`, `inconclusive` or `interrupted`.
 *
 * @example
 * ```ts
 * verdictClass(result) // 'pass'
 * ```
 */
export function verdictClass(result: RunResult): string {
  if (result.interrupted) return 'interrupted';
  return result.verdict === 'inconclusive' ? 'inconclusive' : result.passed ? 'pass' : 'fail';
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
  const lang = result.meta.lang;
  const body = `<header>
<h1>${WORDS[lang].report}</h1>
<p class="headline">${escapeHtml(headline(result))}</p>
<p><span class="verdict ${verdictClass(result)}" id="verdict">${escapeHtml(verdictLine(result))}</span></p>
</header>
<main>
${rendered(['acceptance', 'end-to-end', 'delivery'])}
${chartFigures(loadCharts((result.servers?.length ?? 0) > 0, Object.keys(result.groups).length > 1), lang)}
${rendered(['requests', 'latency', 'phases', 'err-codes', 'errors', 'generator', 'notes', 'warnings'])}
${runMetadata(result)}
</main>
<footer>${escapeHtml(footer(result)[lang])}</footer>`;
  return htmlPage({ title: `lptf report: ${headline(result)}`, lang, body, data: chartData(result) });
}

/** The page's last words: who wrote it, and why its latency can be trusted. */
function footer(result: RunResult): Said {
  const tool = `${result.tool.name} ${result.tool.version}`;
  return {
    en: `Written by ${tool}. Latency is timed from each request's intended send time, so a stalled server or a full connection pool shows in the figures instead of hiding (no coordinated omission).`,
    zh: `由 ${tool} 生成。耗时从每个请求的计划发送时间算起，因此服务卡顿或连接池占满会体现在数据里，而不会被掩盖（没有协调遗漏）。`,
  };
}
