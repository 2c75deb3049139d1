import type { LatencySummary } from '../../core/recorder/index.js';
import { formatMs } from '../../core/units/index.js';
import type { RunResult } from '../result/index.js';

/** The latency figures a rule can name, as the comparison's latency table labels them. */
const LATENCIES: Readonly<Record<string, keyof LatencySummary>> = {
  min: 'min',
  mean: 'mean',
  p50: 'p50',
  median: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  'p99.9': 'p999',
  p999: 'p999',
  max: 'max',
};

/** Which unit a change is measured in: relative, in ms, or in percentage points. */
type ChangeUnit = '%' | 'ms' | 'pp';

/**
 * A CI gate on a comparison: fail when B's change from A in one figure goes past a limit, e.g.
 * `p95 > +10%` (relative), `p99 > +5ms` (absolute), `error_rate > +0.5pp`, `rate < -5%`.
 *
 * @example
 * ```ts
 * const rule: FailRule = parseFailRule('p95 > +10%')
 * ```
 */
export interface FailRule {
  readonly text: string;
  readonly metric: string;
  /** A scenario's or a case group's figure instead of the whole run's (`p95{scenario:checkout} > +10%`). */
  readonly scope?: { readonly kind: 'scenario' | 'group'; readonly name: string };
  readonly op: '>' | '>=' | '<' | '<=';
  readonly limit: number;
  readonly unit: ChangeUnit;
}

// The figure as --check writes it too: `p(95)`, `p95`, `median`, with an optional `{scenario:x}`.
const RULE_RE =
  /^\s*(?:p\s*\(\s*(?<pp>\d+(?:\.\d+)?)\s*\)|(?<metric>[a-z_]+(?:\.\d+)?|p\d+(?:\.\d+)?))\s*(?:\{\s*(?<scope>scenario|group)\s*[:=]\s*(?<name>[A-Za-z0-9_.-]+)\s*\})?\s*(?<op>>=|<=|>|<)\s*(?<limit>[+-]?\d+(?:\.\d+)?)\s*(?<unit>%|ms|s|pp)\s*$/;

/** The forms `--fail-on` accepts, for help and errors. */
export const FAIL_ON_FORMS: readonly string[] = [
  'p95 > +10%',
  'p(99) > +5ms',
  'error_rate > +0.5pp',
  'rate < -5%',
  'p95{scenario:checkout} > +10%',
];

/**
 * Parses a `--fail-on` rule. Throws a `RangeError` naming what is wrong and the accepted forms:
 * a latency (`min`, `mean`, `p50`…`p99.9`, `max`) changes in `%`, `ms` or `s`; `error_rate` in
 * `pp` (or `%`, relative); `rate` (achieved req/s) in `%`.
 *
 * @example
 * ```ts
 * parseFailRule('p99.9 > +20ms') // { metric: 'p99.9', op: '>', limit: 20, unit: 'ms', … }
 * ```
 */
export function parseFailRule(text: string): FailRule {
  const g = RULE_RE.exec(text)?.groups;
  const forms = `accepted forms: ${FAIL_ON_FORMS.join(', ')}`;
  if (!g) throw new RangeError(`--fail-on "${text}": not a rule; ${forms}`);
  const metric = g['pp'] !== undefined ? `p${Number(g['pp'])}` : (g['metric'] as string);
  const raw = g['unit'] as '%' | 'ms' | 's' | 'pp';
  const limit = Number(g['limit']) * (raw === 's' ? 1000 : 1);
  const unit: ChangeUnit = raw === 's' ? 'ms' : raw;
  const latency = metric in LATENCIES;
  if (!latency && metric !== 'error_rate' && metric !== 'rate')
    throw new RangeError(
      `--fail-on "${text}": unknown figure "${metric}"; use ${Object.keys(LATENCIES).join(', ')}, error_rate or rate`,
    );
  const fits = latency ? unit === '%' || unit === 'ms' : metric === 'error_rate' ? unit !== 'ms' : unit === '%';
  if (!fits) throw new RangeError(`--fail-on "${text}": ${metric} does not change in ${raw}; ${forms}`);
  const scope = g['scope'] ? { kind: g['scope'] as 'scenario' | 'group', name: g['name'] as string } : undefined;
  return { text: text.trim(), metric, ...(scope ? { scope } : {}), op: g['op'] as FailRule['op'], limit, unit };
}

/**
 * The figure a rule watches, in a run (or its scenario's or group's scope, absent: null): ms for
 * latencies, a fraction for the error rate, req/s for the rate.
 */
function figure(whole: RunResult, metric: string, scope: FailRule['scope']): number | null {
  const run = scope ? whole.groups[scope.name] : whole;
  if (!run) return null;
  if (metric === 'rate') return run.achievedRate;
  if (metric === 'error_rate') return run.requests.completed > 0 ? run.requests.failed / run.requests.completed : null;
  return run.latencyMs[LATENCIES[metric] as keyof LatencySummary] as number | null;
}

/**
 * A rule's outcome: B's change from A in the rule's unit, and whether it broke the rule. A figure
 * missing from either run breaks it: no evidence is not a pass.
 *
 * @example
 * ```ts
 * const v: FailVerdict = { rule, change: 12.5, shown: '+12.5%', failed: true }
 * ```
 */
export interface FailVerdict {
  readonly rule: FailRule;
  readonly change: number | null;
  readonly shown: string;
  readonly failed: boolean;
}

/**
 * Judges B against A by each rule.
 *
 * @example
 * ```ts
 * judgeFailRules([parseFailRule('p95 > +10%')], before, after).some((v) => v.failed)
 * ```
 */
export function judgeFailRules(rules: readonly FailRule[], a: RunResult, b: RunResult): FailVerdict[] {
  return rules.map((rule) => {
    const x = figure(a, rule.metric, rule.scope);
    const y = figure(b, rule.metric, rule.scope);
    let change: number | null = null;
    if (x !== null && y !== null) {
      if (rule.unit === 'ms') change = y - x;
      else if (rule.unit === 'pp') change = 100 * (y - x);
      else if (x !== 0) change = (100 * (y - x)) / x;
      else change = y === 0 ? 0 : Number.POSITIVE_INFINITY;
    }
    const sign = (n: number): string => (n > 0 ? '+' : n < 0 ? '-' : '±');
    const shown =
      change === null
        ? 'n/a'
        : rule.unit === 'ms'
          ? `${sign(change)}${formatMs(Math.abs(change))}`
          : `${sign(change)}${Number(Math.abs(change).toFixed(2))}${rule.unit === 'pp' ? ' pp' : '%'}`;
    return { rule, change, shown, failed: change === null || breaks(change, rule) };
  });
}

function breaks(change: number, rule: FailRule): boolean {
  switch (rule.op) {
    case '>':
      return change > rule.limit;
    case '>=':
      return change >= rule.limit;
    case '<':
      return change < rule.limit;
    case '<=':
      return change <= rule.limit;
  }
}
