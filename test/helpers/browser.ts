/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: these files need the DOM types.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; `LPTF_CHROMIUM` overrides it. */
const CHROMIUM = process.env['LPTF_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or null if they can. CI (`CI` set) installs Chromium, so
 * there a missing browser is a failure, not a skip.
 *
 * @example
 * ```ts
 * test('the report draws', { skip: browserMissing() ?? false }, async () => { … })
 * ```
 */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env['CI']) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
  return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set LPTF_CHROMIUM)`;
}

/**
 * Starts headless Chromium the way this machine needs it: no sandbox (root), no GPU, and no
 * background networking (a closed network refuses those connections).
 *
 * @example
 * ```ts
 * const browser = await launchBrowser(); try { … } finally { await browser.close() }
 * ```
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new page that collects console errors, page errors and CSP violations.
 *
 * @example
 * ```ts
 * const { page, problems } = await watchedPage(browser); await page.goto(url); assert.deepEqual(problems, [])
 * ```
 */
export async function watchedPage(
  browser: Browser,
  viewport = { width: 1366, height: 900 },
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

/**
 * For each `[data-chart]` element, whether its canvas has drawn pixels of a series colour (not
 * only grey axes): the chart really drew its data.
 *
 * @example
 * ```ts
 * await drawnCharts(page) // { rate: true, latency: true, … }
 * ```
 */
export async function drawnCharts(page: Page): Promise<Record<string, boolean>> {
  return page.evaluate(() => {
    const out: Record<string, boolean> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-chart]')) {
      const canvas = el.querySelector('canvas');
      let coloured = 0;
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
          // Saturated pixels: a series line, not text, grid or axes (all grey).
          if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
        }
      }
      out[el.dataset['chart']!] = coloured > 20;
    }
    return out;
  });
}
