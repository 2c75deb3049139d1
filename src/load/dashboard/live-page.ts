import { escapeHtml, htmlPage, pageAssets } from '../../render/index.js';
import { type ChartData, chartFigures, LOAD_CHARTS } from '../report/html/index.js';

/**
 * What the live page shows before the first update: the run's headline and the planned rate
 * and duration (for the charts' target line).
 *
 * @example
 * ```ts
 * const info: LivePageInfo = { headline: 'POST http://127.0.0.1:8080/ at 200/s for 30m', lang: 'en', targetRate: 200, durationSec: 1800, bounds: [] }
 * ```
 */
export interface LivePageInfo extends Pick<ChartData, 'targetRate' | 'durationSec' | 'bounds'> {
  readonly headline: string;
  readonly lang: 'zh' | 'en';
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
  const body = `<header>
<h1>lptf live dashboard</h1>
<p class="headline">${escapeHtml(info.headline)}</p>
<p><span class="verdict pending" id="verdict">waiting for the first second</span></p>
<div class="live-bar"><div id="live-fraction"></div></div>
<dl class="meta" id="live-status">
<dt>elapsed</dt><dd data-field="elapsed">0s</dd><dt>left</dt><dd data-field="left"></dd>
<dt>rate</dt><dd data-field="rate"></dd><dt>p95</dt><dd data-field="p95"></dd>
<dt>errors</dt><dd data-field="errors"></dd><dt>in flight</dt><dd data-field="inflight"></dd>
</dl>
<div class="banner" id="live-banner" hidden></div>
</header>
<main>
<section id="acceptance"><h2>Checks so far</h2>
<table class="acceptance"><thead><tr><th>check</th><th>so far</th><th>expected</th><th>verdict</th></tr></thead><tbody></tbody></table></section>
${chartFigures(LOAD_CHARTS)}
</main>
<footer>Updated every second from this run's generator; nothing leaves this machine.</footer>`;
  const data: ChartData = {
    targetRate: info.targetRate,
    durationSec: info.durationSec,
    bounds: info.bounds,
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
