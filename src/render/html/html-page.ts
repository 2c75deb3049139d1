import { cspHash, pageAssets } from './assets.js';
import { escapeHtml, scriptJson } from './escape.js';

/**
 * What a page holds: its title and language, its body HTML (already escaped), the data its
 * charts draw, and any extra inline script (the dashboard's).
 *
 * @example
 * ```ts
 * const page: PageParts = { title: 'lptf report', lang: 'en', body: '<main>…</main>', data: chartData(result) }
 * ```
 */
export interface PageParts {
  readonly title: string;
  readonly lang: 'zh' | 'en';
  readonly body: string;
  readonly data: unknown;
  readonly extraScript?: string;
  /** Whether the page may fetch from where it was served (the dashboard's event stream). */
  readonly connect?: boolean;
}

/** Characters no Latin font has: CJK punctuation, ideographs, full-width forms. */
const HAS_CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/**
 * A complete, self-contained HTML page: uPlot and lptf's script and style are inlined, so it
 * opens offline from a file. A Content-Security-Policy lets only those scripts run (by hash),
 * and the chart data sits in a JSON block that cannot close its element.
 *
 * @example
 * ```ts
 * await writeFile('report.html', htmlPage({ title: 'lptf report', lang: 'en', body, data }))
 * ```
 */
export function htmlPage(parts: PageParts): string {
  const a = pageAssets();
  const json = scriptJson(parts.data);
  // Only a page that shows Chinese carries the font: its labels in zh, or a group or case name.
  const cjk = parts.lang === 'zh' || HAS_CJK.test(parts.title) || HAS_CJK.test(parts.body) || HAS_CJK.test(json);
  const head = cjk ? [a.cjkFontJs] : [];
  const scripts = [a.uplotJs, a.clientJs, ...(parts.extraScript ? [parts.extraScript] : [])];
  const csp = [
    "default-src 'none'",
    `script-src ${[...head, ...scripts].map(cspHash).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    `connect-src ${parts.connect ? "'self' blob:" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="${parts.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<title>${escapeHtml(parts.title)}</title>
<style>${a.uplotCss}</style>
<style>${a.css}</style>
${head.map((s) => `<script>${s}</script>\n`).join('')}</head>
<body>
${parts.body}
<script type="application/json" id="lptf-data">${json}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
