import { formatPercent } from '../units/index.js';
import type { CheckUnit } from './check.js';

/**
 * Formats a threshold or an actual value in a check's unit: `95%`, `170ms`, `3`, `195/s`.
 *
 * @example
 * ```ts
 * formatThreshold(0.95, 'fraction') // '95%'
 * formatThreshold(1000, 'ms') // '1000ms'
 * ```
 */
export function formatThreshold(value: number, unit: CheckUnit): string {
  switch (unit) {
    case 'fraction':
      return formatPercent(value);
    case 'ms':
      return `${Number(value.toFixed(3))}ms`;
    case 'req/s':
      return `${Number(value.toFixed(2))}/s`;
    case 'cpu':
      return formatPercent(value);
    case 'MB':
      return `${Number(value.toFixed(1))}MB`;
    default:
      return String(value);
  }
}
