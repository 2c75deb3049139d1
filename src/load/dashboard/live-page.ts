import { escapeHtml, htmlPage, pageAssets } from '../../render/index.js';
import { type ChartData, chartFigures, loadCharts } from '../report/html/index.js';

/**
 * What the live page shows before the first update: the run's headline and the planned rate
 * and duration (for the charts' target line).
 *
 * @example
 * ```ts
 * const info: LivePageInfo = { headline: 'POST http://127.0.0.1:8080/ at 200/s for 30m', lang: 'en', targetRate: 200, durationSec: 1800, bounds: [] }
 * ```
 */
export interface LivePageInfo
  extends Pick<
    ChartData,
    'targetRate' | 'durationSec' | 'bounds' | 'stages' | 'marks' | 'plannedRate' | 'plannedByGroup'
  > {
  readonly headline: string;
  readonly lang: 'zh' | 'en';
  /** Whether the run watches servers: the page then has their chart. */
  readonly servers?: boolean;
  /** Whether the run has several scenarios, flow steps or case groups: the page then has the per-scenario chart. */
  readonly grouped?: boolean;
}

/**
 * The dashboard's page: the same charts as the report, a progress bar, the checks so far, and a
 * banner that links to the final report when the run ends. Its script follows `events`.
 *
 * @example
 * ```ts
 * res.end(livePage(info))
 * ```
 */
export function livePage(info: LivePageInfo): string {
  const w = LIVE_WORDS[info.lang];
  const body = `<header>
<h1>${w.title}</h1>
<p class="headline">${escapeHtml(info.headline)}</p>
<p><span class="verdict pending" id="verdict">${w.waiting}</span></p>
<div class="live-bar"><div id="live-fraction"></div></div>
<dl class="meta" id="live-status">
<dt>${w.elapsed}</dt><dd data-field="elapsed">0s</dd><dt>${w.left}</dt><dd data-field="left"></dd>
<dt>${w.rate}</dt><dd data-field="rate"></dd><dt>p95</dt><dd data-field="p95"></dd>
<dt>${w.errors}</dt><dd data-field="errors"></dd><dt>${w.inflight}</dt><dd data-field="inflight"></dd>
</dl>
<div class="banner" id="live-banner" hidden></div>
</header>
<main>
<section id="acceptance"><h2>${w.checks}</h2>
<table class="acceptance"><thead><tr>${w.columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody></tbody></table></section>
${chartFigures(loadCharts(info.servers === true, info.grouped === true), info.lang)}
</main>
<footer>${w.footer}</footer>`;
  const data: ChartData = {
    targetRate: info.targetRate,
    durationSec: info.durationSec,
    bounds: info.bounds,
    ...(info.stages ? { stages: info.stages } : {}),
    ...(info.marks ? { marks: info.marks } : {}),
    ...(info.plannedRate ? { plannedRate: info.plannedRate } : {}),
    ...(info.plannedByGroup ? { plannedByGroup: info.plannedByGroup } : {}),
    seconds: [],
    spectra: {},
  };
  return htmlPage({
    title: `lptf live: ${info.headline}`,
    lang: info.lang,
    body,
    data,
    extraScript: pageAssets().dashboardJs,
    connect: true,
  });
}

/** The dashboard's fixed words (its script has the words it sets as the run goes). */
const LIVE_WORDS = {
  en: {
    title: 'lptf live dashboard',
    waiting: 'waiting for the first second',
    elapsed: 'elapsed',
    left: 'left',
    rate: 'rate',
    errors: 'errors',
    inflight: 'in flight',
    checks: 'Checks so far',
    columns: ['check', 'so far', 'expected', 'verdict'],
    footer: "Updated every second from this run's generator; nothing leaves this machine.",
  },
  zh: {
    title: 'lptf 实时看板',
    waiting: '等待第一秒的数据',
    elapsed: '已运行',
    left: '剩余',
    rate: '速率',
    errors: '错误',
    inflight: '在途',
    checks: '目前的校验结果',
    columns: ['校验点', '目前', '预期结果', '结论'],
    footer: '每秒由本次压测的发压端更新；数据不离开本机。',
  },
} as const;
