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
  const scripts = [a.uplotJs, a.clientJs, ...(parts.extraScript ? [parts.extraScript] : [])];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(cspHash).join(' ')}`,
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
</head>
<body>
${parts.body}
<script type="application/json" id="lptf-data">${scriptJson(parts.data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
