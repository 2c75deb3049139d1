import { Registry } from '../../core/registry.js';
import type { Reporter, ResultKind } from '../../output/index.js';
import { checkedRunResult, type RunResult } from '../result/index.js';
import { csvReport } from './csv-report.js';
import { htmlReport } from './html/html-report.js';
import { junitReport } from './junit-report.js';
import { markdownReport } from './markdown-report.js';
import { textReport } from './text-report.js';

const json: Reporter<RunResult> = {
  name: 'json',
  file: 'summary.json',
  render: (r) => `${JSON.stringify(r, null, 2)}\n`,
};

/**
 * A load run's result (`lptf run`, `lptf merge`) as a result type: its formats, and how a saved
 * `summary.json` is read back.
 *
 * @example
 * ```ts
 * runKind.reporters.get('junit').file // 'junit.xml'
 * ```
 */
export const runKind: ResultKind<RunResult> = {
  name: 'lptf.run/1',
  title: 'load run',
  reporters: new Registry<Reporter<RunResult>>('format', [
    { name: 'text', file: 'report.txt', render: textReport },
    { name: 'md', file: 'report.md', render: markdownReport },
    json,
    { name: 'csv', file: 'series.csv', render: csvReport },
    { name: 'junit', file: 'junit.xml', render: junitReport },
    { name: 'html', file: 'report.html', render: htmlReport },
  ]),
  always: ['json', 'md'],
  read: readRun,
};

/** A saved run, checked field by field with bounds (each problem named by its path). */
function readRun(value: unknown, where: string): RunResult {
  return checkedRunResult(value, where);
}
