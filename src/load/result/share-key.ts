import type { ShareOp } from '../../core/recorder/index.js';

/**
 * The key of a share in a result's `shares`: `<=170ms`, `>870ms`.
 *
 * @example
 * ```ts
 * shareKey('<=', 170) // '<=170ms'
 * ```
 */
export function shareKey(op: ShareOp, boundMs: number): string {
  return `${op}${boundMs}ms`;
}
