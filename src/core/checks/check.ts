import type { ShareOp } from '../recorder/index.js';

/**
 * What a check measures.
 *
 * @example
 * ```ts
 * const m: CheckMetric = { kind: 'share', op: '<=', boundMs: 170 }
 * ```
 */
export type CheckMetric =
  | { readonly kind: 'share'; readonly op: ShareOp; readonly boundMs: number }
  | { readonly kind: 'percentile'; readonly p: number }
  | { readonly kind: 'mean' | 'min' | 'max' }
  | { readonly kind: 'error_rate' | 'failed' | 'dropped' | 'dropped_rate' | 'rate' | 'expected_rate' }
  /** Whether the run happened as planned: the achieved rate's share of the planned rate, and the generator's own lateness. */
  | { readonly kind: 'delivered' | 'send_lateness_p99' }
  /**
   * What the watched servers did (`--watch-pid`, `--watch-cmd`, `--watch-node-exporter`): mean
   * CPU over the run, and how much memory grew; the worst server's.
   */
  | { readonly kind: 'server_cpu' | 'server_rss_growth' };

/**
 * The comparison a check makes.
 *
 * @example
 * ```ts
 * const op: CompareOp = '>='
 * ```
 */
export type CompareOp = '<=' | '<' | '>=' | '>' | '==';

/**
 * The unit of a check's actual value and threshold. `cpu` is a fraction of one core for a
 * process (above 1 on several cores), of all cores for a host.
 *
 * @example
 * ```ts
 * const u: CheckUnit = 'fraction'
 * ```
 */
export type CheckUnit = 'fraction' | 'ms' | 'count' | 'req/s' | 'cpu' | 'MB';

/**
 * A parsed acceptance check, e.g. `share(<=170ms) >= 95%` or `p(95){group:normal} <= 170ms`.
 *
 * @example
 * ```ts
 * const c: Check = { name: 'p(95) <= 170ms', metric: { kind: 'percentile', p: 95 }, op: '<=', threshold: 170, unit: 'ms' }
 * ```
 */
export interface Check {
  /** The check written in its normal form; the key users see in every report. */
  readonly name: string;
  readonly metric: CheckMetric;
  readonly op: CompareOp;
  /** In the unit: fractions 0..1 for shares and rates of errors, ms for latencies. */
  readonly threshold: number;
  readonly unit: CheckUnit;
  /** If set, the check applies to this case group only. */
  readonly group?: string;
  /** If set, the check applies to the requests due in this stage only. */
  readonly stage?: string;
  /** If set, the check applies to this scenario of a load file only (recorded as its group). */
  readonly scenario?: string;
  /** Informational: shown with its outcome, never fails the run. */
  readonly info?: boolean;
  /**
   * Judged over every sliding window of this many whole seconds (`error_rate over 5s <= 20%`): it
   * passes only if each window does. Absent: judged over the whole run.
   */
  readonly windowSec?: number;
  /**
   * Stop the run once this check is decided failed (`--abort-on-fail`, or per check in a load
   * file), but not before `graceMs` into the run.
   */
  readonly abortOnFail?: { readonly graceMs: number };
}

/**
 * The seconds of one window of a windowed check, 1-based and inclusive: second 1 is the run's
 * first (elapsed [0 s, 1 s)), so window 4-8 covers elapsed [3 s, 8 s).
 *
 * @example
 * ```ts
 * const w: CheckWindow = { fromSecond: 4, toSecond: 8, actual: 0.6 }
 * ```
 */
export interface CheckWindow {
  readonly fromSecond: number;
  readonly toSecond: number;
  /** The check's value over this window, in its unit. */
  readonly actual: number;
}

/**
 * The outcome of a check on a result.
 *
 * @example
 * ```ts
 * const r: CheckResult = { ...check, actual: 0.982, expected: '>= 95%', pass: true }
 * ```
 */
export interface CheckResult extends Check {
  /** The measured value, in the check's unit; null when nothing was measured. */
  readonly actual: number | null;
  /** The expectation as text, e.g. `>= 95%`. */
  readonly expected: string;
  readonly pass: boolean;
  /** A windowed check's worst window (its value is `actual`); absent when no window measured anything. */
  readonly window?: CheckWindow;
  /** How many windows were judged, and how many of them failed. */
  readonly windows?: { readonly judged: number; readonly failed: number };
}

/**
 * Whether a check judges the watched servers, which only a run that watches some can measure.
 *
 * @example
 * ```ts
 * isServerCheck(parseCheck('server_cpu <= 80%')) // true
 * ```
 */
export function isServerCheck(check: Pick<Check, 'metric'>): boolean {
  return check.metric.kind === 'server_cpu' || check.metric.kind === 'server_rss_growth';
}

/**
 * Whether a check judges the run itself (did it deliver the planned load, was the generator on
 * time) rather than the target's answers. Such checks apply to the whole run only, and reports
 * show them apart from the acceptance form.
 *
 * @example
 * ```ts
 * isRunCheck(parseCheck('delivered >= 95%')) // true
 * ```
 */
export function isRunCheck(check: Pick<Check, 'metric'>): boolean {
  return check.metric.kind === 'delivered' || check.metric.kind === 'send_lateness_p99';
}
