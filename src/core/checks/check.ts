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
