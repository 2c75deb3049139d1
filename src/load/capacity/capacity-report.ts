import {
  escapeHtml,
  htmlPage,
  htmlSection,
  type Section,
  sectionsToMarkdown,
  sectionsToText,
} from '../../render/index.js';
import { type ChartData, type ChartFigure, chartFigures } from '../report/html/index.js';
import type { CapacityResult, CapacityStep } from './capacity-result.js';

/** The report's words, in each language. */
const WORDS = {
  en: {
    title: 'lptf capacity',
    steps: 'Steps',
    step: 'step',
    offered: 'offered',
    achieved: 'sent',
    seconds: 'time',
    errors: 'errors',
    keptUp: 'answered',
    outcome: 'outcome',
    why: 'why',
    pass: '✔ pass',
    fail: '✘ fail',
    generator: '⚠ generator',
    confirmation: ' (again)',
    search: 'Search',
    checks: 'each step judged by',
    bounds: (r: CapacityResult) =>
      `from ${r.search.startRate}/s, doubling, then halving the interval to within ${Math.round(r.search.precision * 1000) / 10}%; at most ${r.search.maxRate}/s; ${r.search.stepSec}s a step${r.target.workers > 1 ? `; ${r.target.workers} worker threads` : ''}`,
    verdict: { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' },
    took: (r: CapacityResult) => `${r.steps.length} steps in ${r.totalSec}s`,
  },
  zh: {
    title: 'lptf 容量测试',
    steps: '各步',
    step: '步',
    offered: '计划速率',
    achieved: '实际发出',
    seconds: '时长',
    errors: '错误率',
    keptUp: '应答比例',
    outcome: '结论',
    why: '原因',
    pass: '✔ 通过',
    fail: '✘ 未通过',
    generator: '⚠ 压测端受限',
    confirmation: '（复测）',
    search: '搜索',
    checks: '每步的校验点',
    bounds: (r: CapacityResult) =>
      `从 ${r.search.startRate}/s 起倍增，再二分到误差 ${Math.round(r.search.precision * 1000) / 10}% 以内；最高 ${r.search.maxRate}/s；每步 ${r.search.stepSec} 秒${r.target.workers > 1 ? `；${r.target.workers} 个工作线程` : ''}`,
    verdict: { pass: '通过', fail: '未通过', inconclusive: '无法判定' },
    took: (r: CapacityResult) => `共 ${r.steps.length} 步，用时 ${r.totalSec} 秒`,
  },
} as const;

const ms = (v: number | null): string => (v === null ? 'n/a' : `${Number(v.toFixed(2))}ms`);
const pct = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 10000) / 100}%`);

/**
 * A capacity search's sections, for every format: its conclusion, how it searched, and each step.
 *
 * @example
 * ```ts
 * capacitySections(result).map((s) => s.id) // ['conclusion', 'search', 'steps']
 * ```
 */
export function capacitySections(r: CapacityResult): Section[] {
  const lang = r.meta.lang;
  const w = WORDS[lang];
  const outcome = (s: CapacityStep): string =>
    s.outcome === 'pass' ? w.pass : s.outcome === 'fail' ? w.fail : w.generator;
  return [
    { id: 'conclusion', title: `${w.verdict[r.verdict]}`, lines: [r.said[lang]] },
    {
      id: 'search',
      title: w.search,
      lines: [
        `${r.target.method} ${r.target.url}${r.target.preset ? `, preset ${r.target.preset}` : ''}${r.target.scenarios ? `, scenarios ${r.target.scenarios.map((s) => `${s.name} ${Math.round(s.share * 1000) / 10}%`).join(', ')}` : ''}`,
        w.bounds(r),
        `${w.checks}: ${r.target.checks.join('; ')}`,
        w.took(r),
      ],
    },
    {
      id: 'steps',
      title: w.steps,
      table: {
        headers: [w.step, w.offered, w.achieved, w.seconds, 'p50', 'p99', w.errors, w.keptUp, w.outcome, w.why],
        rows: r.steps.map((s, i) => [
          `${i + 1}${s.confirmation ? w.confirmation : ''}`,
          `${s.rate}/s`,
          `${s.achievedRate}/s`,
          `${s.seconds}s`,
          ms(s.p50),
          ms(s.p99),
          pct(s.errorRate),
          pct(s.keptUp),
          outcome(s),
          s.why[lang],
        ]),
        align: ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
      },
    },
  ];
}

/** The capacity search's one chart: latency against the offered rate. */
const CAPACITY_CHARTS: readonly ChartFigure[] = [
  {
    id: 'capacity',
    title: { en: 'Latency against the offered rate', zh: '耗时随计划速率的变化' },
    caption: {
      en: 'Each step’s p50 and p99 of OK answers at its rate (failed steps too); the dashed line marks the capacity found, the dotted one the knee.',
      zh: '每一步 OK 应答的 P50、P99 与其计划速率（含未通过的步）；虚线是找到的容量，点线是拐点。',
    },
  },
];

/**
 * A capacity search for the console.
 *
 * @example
 * ```ts
 * process.stdout.write(capacityText(result))
 * ```
 */
export function capacityText(r: CapacityResult): string {
  return [`${WORDS[r.meta.lang].title}`, '', ...sectionsToText(capacitySections(r))].join('\n');
}

/**
 * A capacity search in Markdown.
 *
 * @example
 * ```ts
 * await writeFile('capacity.md', capacityMarkdown(result))
 * ```
 */
export function capacityMarkdown(r: CapacityResult): string {
  return [`# ${WORDS[r.meta.lang].title}`, '', ...sectionsToMarkdown(capacitySections(r))].join('\n');
}

/**
 * A capacity search as a self-contained HTML page, with latency drawn against the rate.
 *
 * @example
 * ```ts
 * await writeFile('capacity.html', capacityHtml(result))
 * ```
 */
export function capacityHtml(r: CapacityResult): string {
  const lang = r.meta.lang;
  const sections = capacitySections(r).map((s) => htmlSection(s));
  const body = `<header><h1>${escapeHtml(WORDS[lang].title)}</h1></header>
<main>
${sections.join('\n')}
${chartFigures(CAPACITY_CHARTS, lang)}
</main>`;
  const data: ChartData & { capacity: unknown } = {
    targetRate: r.search.targetRate ?? 0,
    durationSec: 0,
    bounds: [],
    seconds: [],
    spectra: {},
    capacity: {
      steps: r.steps.map((s) => ({ rate: s.rate, p50: s.p50, p99: s.p99, pass: s.outcome === 'pass' })),
      found: r.capacity,
      knee: r.knee,
    },
  };
  return htmlPage({ title: `${WORDS[lang].title}: ${r.target.url}`, lang, body, data });
}
