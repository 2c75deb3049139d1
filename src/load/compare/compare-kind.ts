import { InvalidInputError } from '../../core/errors/index.js';
import { Registry } from '../../core/registry.js';
import type { Reporter, ResultKind } from '../../output/index.js';
import { runKind } from '../report/run-kind.js';
import { type Comparison, compareHtml, compareMarkdown, compareText } from './compare-report.js';

/**
 * A comparison of two runs (`lptf compare`) as a result type: text, Markdown, an HTML page with
 * both runs' charts, and its JSON (both runs and their labels), which `lptf report` re-renders.
 *
 * @example
 * ```ts
 * compareKind.reporters.get('html').render({ a, b, labels: ['main', 'branch'] })
 * ```
 */
export const compareKind: ResultKind<Comparison> = {
  name: 'lptf.compare/1',
  title: 'comparison',
  reporters: new Registry<Reporter<Comparison>>('format', [
    {
      name: 'json',
      file: 'compare.json',
      render: (c) => `${JSON.stringify({ schema: 'lptf.compare/1', labels: c.labels, a: c.a, b: c.b }, null, 2)}\n`,
    },
    { name: 'text', file: 'compare.txt', render: compareText },
    { name: 'md', file: 'compare.md', render: compareMarkdown },
    { name: 'html', file: 'compare.html', render: compareHtml },
  ]),
  always: ['json'],
  read(value, where) {
    const v = value as { labels?: unknown; a?: unknown; b?: unknown };
    const labels = v.labels;
    if (!Array.isArray(labels) || labels.length !== 2 || !labels.every((l) => typeof l === 'string')) {
      throw new InvalidInputError([{ where: `${where} labels`, message: 'must be two texts' }]);
    }
    return {
      a: runKind.read(v.a ?? {}, `${where} a`),
      b: runKind.read(v.b ?? {}, `${where} b`),
      labels: [labels[0], labels[1]] as [string, string],
    };
  },
};
