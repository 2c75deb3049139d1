import type { Recorder, ScopeStats } from '../recorder/index.js';
import type { Check, CheckResult, CompareOp } from './check.js';
import { formatThreshold } from './format-check.js';

/**
 * Measures a check's value on one scope. `elapsedSec` is how long the schedule ran, for `rate`.
 * Returns null when nothing the check needs was measured (e.g. a percentile with no answer).
 *
 * @example
 * ```ts
 * measure(parseCheck('error_rate <= 1%'), recorder.overall, 30) // 0.002
 * ```
 */
export function measure(check: Check, scope: ScopeStats, elapsedSec: number): number | null {
  const m = check.metric;
  const c = scope.counts();
  const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
  switch (m.kind) {
    case 'share': {
      const s = scope.share(m.op, m.boundMs);
      return Number.isNaN(s) ? null : s;
    }
    case 'percentile':
      return scope.percentile(m.p);
    case 'mean':
    case 'min':
    case 'max':
      return scope.latencySummary()[m.kind];
    case 'error_rate':
      return ratio(c.failed, c.completed);
    case 'failed':
      return c.failed;
    case 'dropped':
      return c.dropped;
    case 'dropped_rate':
      return ratio(c.dropped, c.scheduled);
    case 'rate':
      return ratio(c.sent, elapsedSec);
    case 'expected_rate': {
      const e = scope.expectedShare();
      return Number.isNaN(e) ? null : e;
    }
  }
}

/**
 * Compares a value with a threshold.
 *
 * @example
 * ```ts
 * compare(0.98, '>=', 0.95) // true
 * ```
 */
export function compare(actual: number, op: CompareOp, threshold: number): boolean {
  switch (op) {
    case '<=':
      return actual <= threshold;
    case '<':
      return actual < threshold;
    case '>=':
      return actual >= threshold;
    case '>':
      return actual > threshold;
    case '==':
      return actual === threshold;
  }
}

/**
 * Evaluates checks on a recorder: each on the whole run, or on its group if it names one.
 * A check with nothing measured fails: no evidence is not a pass. A check on a group that
 * never ran fails the same way.
 *
 * @example
 * ```ts
 * evaluateChecks([parseCheck('share(<=170ms) >= 95%')], recorder, 30)[0].pass
 * ```
 */
export function evaluateChecks(checks: readonly Check[], recorder: Recorder, elapsedSec: number): CheckResult[] {
  return checks.map((check) => {
    const scope = check.group === undefined ? recorder.overall : recorder.groups.get(check.group);
    const actual = scope ? measure(check, scope, elapsedSec) : null;
    const expected = `${check.op} ${formatThreshold(check.threshold, check.unit)}`;
    return { ...check, actual, expected, pass: actual !== null && compare(actual, check.op, check.threshold) };
  });
}

/**
 * Every latency bound that the checks' shares use, so the recorder counts them exactly.
 *
 * @example
 * ```ts
 * shareBounds([parseCheck('share(<=170ms) >= 95%')]) // [170]
 * ```
 */
export function shareBounds(checks: readonly Check[]): number[] {
  return [...new Set(checks.flatMap((c) => (c.metric.kind === 'share' ? [c.metric.boundMs] : [])))];
}
