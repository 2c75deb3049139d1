import { InvalidInputError } from '../core/errors/index.js';
import { Registry } from '../core/registry.js';
import type { Reporter, ResultKind } from '../output/index.js';
import { benchCsv, benchHtml, benchMarkdown, benchText } from './bench-report.js';
import type { BenchRunResult } from './bench-result.js';
import type { Regression } from './compare-runs.js';

/**
 * A bench run as its reports show it: the run, and its changes against a saved one (none when
 * nothing was compared).
 *
 * @example
 * ```ts
 * const view: BenchView = { run: result, changes: compareRuns(result, before, 0.05) }
 * ```
 */
export interface BenchView {
  readonly run: BenchRunResult;
  readonly changes: readonly Regression[];
}

/**
 * A `lptf bench` run as a result type: its formats (`--format`, `--out`, `lptf report`), and how
 * a saved `bench.json` is read back.
 *
 * @example
 * ```ts
 * benchKind.reporters.get('md').render({ run, changes: [] })
 * ```
 */
export const benchKind: ResultKind<BenchView> = {
  name: 'lptf.bench/1',
  title: 'bench run',
  reporters: new Registry<Reporter<BenchView>>('format', [
    { name: 'json', file: 'bench.json', render: (v) => `${JSON.stringify(v.run, null, 2)}\n` },
    { name: 'text', file: 'bench.txt', render: (v) => benchText(v.run, v.changes) },
    { name: 'md', file: 'bench.md', render: (v) => benchMarkdown(v.run, v.changes) },
    { name: 'csv', file: 'bench.csv', render: (v) => benchCsv(v.run) },
    { name: 'html', file: 'bench.html', render: (v) => benchHtml(v.run, v.changes) },
  ]),
  always: ['json'],
  read(value, where) {
    const suites = (value as { suites?: unknown }).suites;
    if (!Array.isArray(suites)) throw new InvalidInputError([{ where: `${where} suites`, message: 'must be a list' }]);
    return { run: value as BenchRunResult, changes: [] };
  },
};
