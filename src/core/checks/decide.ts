import { countsAtOrBelow } from '../recorder/histogram.js';
import type { Recorder } from '../recorder/recorder.js';
import type { ScopeStats } from '../recorder/scope-stats.js';
import { type Check, type CheckWindow, isRunCheck, isServerCheck } from './check.js';
import { compare } from './compare.js';
import type { WindowJudge } from './window-judge.js';

/**
 * A check whose verdict no future of the run can change, and the evidence: `count` of `of`
 * (requests over a bound, failures…), or the window that failed.
 *
 * @example
 * ```ts
 * const d: Decision = { verdict: 'fail', count: 3601, of: 360000, what: 'over' }
 * ```
 */
export interface Decision {
  readonly verdict: 'pass' | 'fail';
  /** What `count` counts: answers over a latency bound (or not within it), failures, drops, answers within a bound. */
  readonly what: 'over' | 'failed' | 'dropped' | 'within' | 'answered';
  readonly count: number;
  /** What the count is weighed against: the most requests the plan can still make (a count check: none). */
  readonly of?: number;
  /** A windowed check: the first window that failed. */
  readonly window?: CheckWindow;
}

/**
 * Whether a check is already decided, and how. A check is decided the moment no future can
 * change its verdict: a share or a rate of errors once its numerator (or the rest) is so large
 * that even if every request still to come went the other way the verdict stands, counted
 * against the most requests the plan can make (`maxRequests`: its planned arrivals, times the
 * longest flow); a percentile bound once more than (1 − q) of those requests were over it; a
 * count or a maximum once it is past its bound; a windowed check at its first failing window.
 * The run's own checks and the servers' are never decided early (they judge the generator and
 * a whole run); nor is a mean, a minimum or a rate.
 *
 * Exact, and on the safe side: a percentile's answers over a bound are counted from the
 * histogram only in buckets wholly above the bound's, so a decision is never made too early.
 *
 * @example
 * ```ts
 * decideCheck(parseCheck('share(>870ms) <= 1%'), recorder, 360_000) // { verdict: 'fail', what: 'over', count: 3601, of: 360000 }
 * ```
 */
export function decideCheck(
  check: Check,
  recorder: Recorder,
  maxRequests: number | undefined,
  judge?: WindowJudge,
): Decision | undefined {
  if (check.info || isRunCheck(check) || isServerCheck(check)) return undefined;
  if (check.windowSec !== undefined) {
    const window = judge?.firstFailed;
    return window ? { verdict: 'fail', what: 'over', count: 0, window } : undefined;
  }
  const group = check.group ?? check.scenario;
  const scope =
    group !== undefined
      ? recorder.groups.get(group)
      : check.stage !== undefined
        ? recorder.stages.get(check.stage)
        : recorder.overall;
  if (!scope) return undefined;
  const m = check.metric;
  const c = scope.counts();
  // A count only grows: past its bound it stays past (for `<=` and `<`; a floor is reached, not decided, early).
  if (m.kind === 'failed' || m.kind === 'dropped') {
    const count = m.kind === 'failed' ? c.failed : c.dropped;
    return (check.op === '<=' || check.op === '<') && !compare(count, check.op, check.threshold)
      ? { verdict: 'fail', what: m.kind, count }
      : undefined;
  }
  if (m.kind === 'max') {
    const max = scope.latencySummary().max;
    return max !== null && (check.op === '<=' || check.op === '<') && !compare(max, check.op, check.threshold)
      ? { verdict: 'fail', what: 'answered', count: 1 }
      : undefined;
  }
  // The rest weigh counts against the planned total: only a whole-run scope knows it.
  if (group !== undefined || check.stage !== undefined || !maxRequests || maxRequests <= 0) return undefined;
  const P = maxRequests;
  if (m.kind === 'share' || m.kind === 'error_rate') {
    const { numerator, rest, what } = shareParts(check, scope);
    // However the rest of the run goes, the final value lies in [numerator / P, 1 − rest / P].
    const low = numerator / P;
    const high = 1 - rest / P;
    const upper = check.op === '<=' || check.op === '<';
    if (check.op === '==') return undefined;
    if (!compare(upper ? low : high, check.op, check.threshold))
      return { verdict: 'fail', what: upper ? what.numerator : what.rest, count: upper ? numerator : rest, of: P };
    if (compare(upper ? high : low, check.op, check.threshold))
      return { verdict: 'pass', what: upper ? what.rest : what.numerator, count: upper ? rest : numerator, of: P };
    return undefined;
  }
  if (m.kind === 'percentile' && (check.op === '<=' || check.op === '<')) {
    // Answers in buckets wholly above the bound's are over it; the final percentile is over it once
    // they are more than (1 − q) of every answer the run can still have.
    const over = c.ok - (countsAtOrBelow(scope.latency, [check.threshold])[0] ?? 0);
    return over > (1 - m.p / 100) * P ? { verdict: 'fail', what: 'over', count: over, of: P } : undefined;
  }
  return undefined;
}

/** A share's numerator and the rest of its denominator, and what each counts. */
function shareParts(
  check: Check,
  scope: ScopeStats,
): { numerator: number; rest: number; what: { numerator: Decision['what']; rest: Decision['what'] } } {
  const m = check.metric;
  if (m.kind === 'error_rate') {
    const c = scope.counts();
    return { numerator: c.failed + c.unsent, rest: c.ok, what: { numerator: 'failed', rest: 'answered' } };
  }
  if (m.kind !== 'share') throw new RangeError(`${check.name} is not a share`);
  const decided = scope.decided();
  const within = decided === 0 ? 0 : scope.share(m.op === '<=' || m.op === '>' ? '<=' : '<', m.boundMs) * decided;
  const inside = m.op === '<=' || m.op === '<';
  return inside
    ? { numerator: Math.round(within), rest: decided - Math.round(within), what: { numerator: 'within', rest: 'over' } }
    : {
        numerator: decided - Math.round(within),
        rest: Math.round(within),
        what: { numerator: 'over', rest: 'within' },
      };
}

/**
 * Whether a check can ever be decided before the run ends (see {@link decideCheck}): a check
 * that stops the run on failure but never can is judged at the end, and the plan says so.
 *
 * @example
 * ```ts
 * isDecidable(parseCheck('mean <= 10ms'), false) // false
 * ```
 */
export function isDecidable(check: Check, closedLoop: boolean): boolean {
  if (check.info || isRunCheck(check) || isServerCheck(check)) return false;
  if (check.windowSec !== undefined) return true;
  const upper = check.op === '<=' || check.op === '<';
  const m = check.metric.kind;
  if (m === 'failed' || m === 'dropped' || m === 'max') return upper;
  const whole = check.group === undefined && check.scenario === undefined && check.stage === undefined;
  if (closedLoop || !whole) return false;
  if (m === 'share' || m === 'error_rate') return check.op !== '==';
  return m === 'percentile' && upper;
}
