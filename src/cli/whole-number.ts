import { UsageError } from '../core/errors/index.js';

/**
 * A flag's value as a whole number in [min, max], or a usage error (exit 2) naming the flag.
 *
 * @example
 * ```ts
 * wholeNumber('--count', '3000', 1, 3000) // 3000
 * wholeNumber('--rounds', 'x', 1) // throws: --rounds must be a whole number >= 1, got "x"
 * ```
 */
export function wholeNumber(flag: string, text: string, min: number, max = Number.POSITIVE_INFINITY): number {
  const n = Number(text);
  const range = Number.isFinite(max) ? `from ${min} to ${max}` : `>= ${min}`;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number ${range}, got "${text}"`);
  return n;
}
