import type { CompareOp } from './check.js';

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
