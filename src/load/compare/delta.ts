import type { CheckUnit } from '../../core/checks/index.js';
import { formatMs } from '../../core/units/index.js';

/**
 * How run B differs from run A for a latency: `+3.20ms (+12.5%)`, or `n/a` when either is missing.
 *
 * @example
 * ```ts
 * msDelta(20, 25) // '+5.00ms (+25%)'
 * ```
 */
export function msDelta(a: number | null, b: number | null): string {
  if (a === null || b === null) return 'n/a';
  const d = b - a;
  const sign = d > 0 ? '+' : d < 0 ? '-' : '±';
  const pct = a === 0 ? '' : ` (${sign}${Number(Math.abs((100 * d) / a).toFixed(1))}%)`;
  return `${sign}${formatMs(Math.abs(d))}${pct}`;
}

/**
 * The difference of two shares in percentage points: `+1.2 pp`.
 *
 * @example
 * ```ts
 * ppDelta(0.95, 0.962) // '+1.2 pp'
 * ```
 */
export function ppDelta(a: number | null, b: number | null): string {
  if (a === null || b === null) return 'n/a';
  const pp = Number((100 * (b - a)).toFixed(3));
  return `${pp > 0 ? '+' : pp < 0 ? '-' : '±'}${Math.abs(pp)} pp`;
}

/**
 * The difference of two counts or rates: `+12`, `-0.5`.
 *
 * @example
 * ```ts
 * countDelta(200, 190) // '-10'
 * ```
 */
export function countDelta(a: number | null, b: number | null): string {
  if (a === null || b === null) return 'n/a';
  const d = Number((b - a).toFixed(3));
  return `${d > 0 ? '+' : d < 0 ? '-' : '±'}${Math.abs(d)}`;
}

/**
 * The delta of a check's measured value, in the check's unit.
 *
 * @example
 * ```ts
 * unitDelta(0.95, 0.97, 'fraction') // '+2 pp'
 * ```
 */
export function unitDelta(a: number | null, b: number | null, unit: CheckUnit): string {
  return unit === 'fraction' ? ppDelta(a, b) : unit === 'ms' ? msDelta(a, b) : countDelta(a, b);
}
