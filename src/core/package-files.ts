import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Reads a file that ships with lptf, by its path in the package (`assets/report.css`,
 * `package.json`), or one of a dependency's, by its module specifier
 * (`uplot/dist/uPlot.min.css`). The single-file build (`npm run bundle`) replaces this module
 * with one that holds those files, so every reader of them goes through here.
 *
 * @example
 * ```ts
 * packageFile('assets/report.css')
 * packageFile('uplot/dist/uPlot.iife.min.js')
 * ```
 */
export function packageFile(path: string): string {
  // The package's own files sit two levels above this one, in `src/core` and in `dist/core` alike.
  if (path === 'package.json' || path.startsWith('assets/'))
    return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  return readFileSync(createRequire(import.meta.url).resolve(path), 'utf8');
}
