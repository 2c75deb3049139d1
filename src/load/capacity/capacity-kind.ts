import * as v from 'valibot';
import { Registry } from '../../core/registry.js';
import type { Reporter, ResultKind } from '../../output/index.js';
import { boundedArray, count, figure, fraction, maybeFigure, readChecked, text } from '../result/read-back.js';
import { capacityHtml, capacityMarkdown, capacityText } from './capacity-report.js';
import type { CapacityResult } from './capacity-result.js';

const said = v.object({ en: text, zh: text });
const rate = v.pipe(figure, v.maxValue(1e7));

/** What `capacity.json` must hold for its reports to render: every figure bounded, every list too. */
const CAPACITY = v.object({
  schema: v.literal('lptf.capacity/1'),
  target: v.object({
    url: text,
    method: text,
    protocol: text,
    preset: v.nullable(text),
    scenarios: v.optional(boundedArray(v.object({ name: text, share: fraction }), 1000)),
    checks: boundedArray(text, 100),
    workers: v.pipe(count, v.minValue(1), v.maxValue(256)),
  }),
  search: v.object({
    startRate: rate,
    maxRate: rate,
    precision: fraction,
    stepSec: figure,
    targetRate: v.nullable(rate),
  }),
  steps: boundedArray(
    v.object({
      rate,
      achievedRate: rate,
      seconds: figure,
      p50: maybeFigure,
      p99: maybeFigure,
      errorRate: v.nullable(fraction),
      keptUp: v.nullable(fraction),
      outcome: v.picklist(['pass', 'fail', 'generator']),
      confirmation: v.boolean(),
      why: said,
    }),
    1000,
  ),
  capacity: v.nullable(rate),
  confirmed: v.boolean(),
  ended: v.picklist(['found', 'max-rate', 'generator', 'below-min', 'interrupted']),
  knee: v.nullable(rate),
  headroom: v.nullable(figure),
  verdict: v.picklist(['pass', 'fail', 'inconclusive']),
  said,
  startedAt: text,
  totalSec: figure,
  meta: v.looseObject({ node: text, cpus: count, command: text, lang: v.picklist(['zh', 'en']) }),
});

/**
 * A capacity search (`lptf capacity`) as a result type: its JSON, text, Markdown and an HTML page
 * with latency against the rate; `lptf report` re-renders a saved `capacity.json`, checked.
 *
 * @example
 * ```ts
 * capacityKind.reporters.get('md').render(result)
 * ```
 */
export const capacityKind: ResultKind<CapacityResult> = {
  name: 'lptf.capacity/1',
  title: 'capacity search',
  reporters: new Registry<Reporter<CapacityResult>>('format', [
    { name: 'json', file: 'capacity.json', render: (r) => `${JSON.stringify(r, null, 2)}\n` },
    { name: 'text', file: 'capacity.txt', render: capacityText },
    { name: 'md', file: 'capacity.md', render: capacityMarkdown },
    { name: 'html', file: 'capacity.html', render: capacityHtml },
  ]),
  always: ['json', 'md'],
  read: (value, where) => readChecked(CAPACITY, value, where) as unknown as CapacityResult,
};
