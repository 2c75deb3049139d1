import type { RunResult } from '../result/index.js';
import { csvReport } from './csv-report.js';
import { htmlReport } from './html/index.js';
import { junitReport } from './junit-report.js';
import { markdownReport } from './markdown-report.js';
import { textReport } from './text-report.js';

/**
 * Every format a run renders to, with the file name `--out` gives it.
 *
 * @example
 * ```ts
 * FORMATS.junit.file // 'junit.xml'
 * ```
 */
export const FORMATS = {
  text: { file: 'report.txt', render: textReport },
  md: { file: 'report.md', render: markdownReport },
  json: { file: 'summary.json', render: (r: RunResult) => `${JSON.stringify(r, null, 2)}\n` },
  csv: { file: 'series.csv', render: csvReport },
  junit: { file: 'junit.xml', render: junitReport },
  html: { file: 'report.html', render: htmlReport },
} as const;

/**
 * A format's name.
 *
 * @example
 * ```ts
 * const f: Format = 'csv'
 * ```
 */
export type Format = keyof typeof FORMATS;

/**
 * Whether a name is a known format.
 *
 * @example
 * ```ts
 * isFormat('junit') // true
 * ```
 */
export function isFormat(name: string): name is Format {
  return Object.hasOwn(FORMATS, name);
}
