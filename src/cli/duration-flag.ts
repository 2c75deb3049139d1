import { UsageError } from '../core/errors/index.js';
import { parseDuration } from '../core/units/index.js';

/**
 * A flag's value as a duration in ms (a bare number is seconds), or a usage error (exit 2) naming the flag.
 *
 * @example
 * ```ts
 * durationFlag('--barrier-timeout', '10m') // 600000
 * durationFlag('--lead', 'soon') // throws: --lead: "soon" is not a duration; write e.g. 10m
 * ```
 */
export function durationFlag(flag: string, text: string): number {
  const ms = parseDuration(text, 's');
  if (ms === undefined) throw new UsageError(`${flag}: "${text}" is not a duration; write e.g. 10m`);
  return ms;
}
