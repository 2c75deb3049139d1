import { createHash } from 'node:crypto';
import { packageFile } from '../../core/package-files.js';

/**
 * What every lptf page inlines so that it opens offline: uPlot (script and style) and lptf's own
 * client script and style.
 *
 * @example
 * ```ts
 * const { uplotJs, clientJs } = pageAssets()
 * ```
 */
export interface PageAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly clientJs: string;
  /** The live dashboard's extra script (follows the event stream). */
  readonly dashboardJs: string;
  readonly css: string;
  /**
   * Noto Sans SC, subset to the Chinese of lptf's own words (about 85 kB inlined), as a script that
   * adds it before the body is laid out: pages in Chinese carry it, so their labels render where no
   * CJK font is installed (`npm run font` writes it; `assets/cjk-font.js` says why it is a script).
   */
  readonly cjkFontJs: string;
}

let cached: PageAssets | undefined;

/**
 * Reads the page assets once per process: lptf's own (the package's `assets/` folder) and uPlot's.
 *
 * @example
 * ```ts
 * pageAssets().uplotJs.length // about 51 kB
 * ```
 */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const own = (name: string): string => packageFile(`assets/${name}`);
  cached = {
    uplotJs: packageFile('uplot/dist/uPlot.iife.min.js'),
    uplotCss: packageFile('uplot/dist/uPlot.min.css'),
    clientJs: own('report-client.js'),
    dashboardJs: own('dashboard-client.js'),
    css: own('report.css'),
    cjkFontJs: own('cjk-font.js'),
  };
  return cached;
}

/**
 * The Content-Security-Policy source for an inline script: the page runs only the scripts it
 * was built with, so even a string that escaped escaping could not run.
 *
 * @example
 * ```ts
 * cspHash('alert(1)') // "'sha256-…'"
 * ```
 */
export function cspHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}
