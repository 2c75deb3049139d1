import { parseDuration } from '../../core/units/index.js';
import type { Bad, Sourced } from './field.js';

export type { Bad } from './field.js';

/**
 * A number > 0 (as a number or its text); `what` says what was expected.
 *
 * @example
 * ```ts
 * positiveNumber({ value: '200', where: '--rate' }, bad, 'a rate') // 200
 * ```
 */
export function positiveNumber(src: Sourced, bad: Bad, what: string): number | undefined {
  const n = typeof src.value === 'number' ? src.value : Number(String(src.value).trim() || Number.NaN);
  if (!(n > 0) || !Number.isFinite(n)) return bad(src, `must be ${what}; got "${String(src.value)}"`);
  return n;
}

/**
 * A whole number ≥ `min`.
 *
 * @example
 * ```ts
 * integer({ value: '4', where: '--workers' }, 1, bad) // 4
 * integer({ value: '5000', where: '--workers' }, 1, bad, 256, 'threads beyond the cores only contend') // undefined: a problem
 * ```
 */
export function integer(
  src: Sourced,
  min: number,
  bad: Bad,
  max = Number.MAX_SAFE_INTEGER,
  why = '',
): number | undefined {
  const n = typeof src.value === 'number' ? src.value : Number(String(src.value).trim() || Number.NaN);
  if (!Number.isInteger(n) || n < min) return bad(src, `must be a whole number >= ${min}; got "${String(src.value)}"`);
  if (n > max) return bad(src, `${n} is more than ${max.toLocaleString('en-US')}${why ? `: ${why}` : ''}`);
  return n;
}

/**
 * A duration read by {@link duration}, at most `max` ms; `what` words the bound (`a run sends for at most`).
 *
 * @example
 * ```ts
 * bounded(duration(src, 's', bad), 86_400_000, src, bad, 'a run sends for at most') // undefined for 3000h: a problem
 * ```
 */
export function bounded(ms: number | undefined, max: number, src: Sourced, bad: Bad, what: string): number | undefined {
  if (ms === undefined || ms <= max) return ms;
  return bad(src, `"${String(src.value)}" is too long: ${what} ${formatDays(max)}`);
}

/** A bound in days (or hours, below one day), as a problem says it. */
function formatDays(ms: number): string {
  const days = ms / 86_400_000;
  return days >= 1 ? `${Math.floor(days)} days` : `${Math.floor(ms / 3_600_000)} h`;
}

/**
 * A text or a list of texts, as a list.
 *
 * @example
 * ```ts
 * stringList({ value: 'a', where: '--check' }, bad) // ['a']
 * ```
 */
export function stringList(src: Sourced | undefined, bad: Bad): string[] {
  if (!src) return [];
  const list = Array.isArray(src.value) ? src.value : [src.value];
  if (!list.every((v): v is string => typeof v === 'string'))
    return bad(src, 'must be a text or a list of texts') ?? [];
  return list;
}

/**
 * A positive duration in ms: `30s`, `5m`, `500ms`; a bare number is in `bareUnit`.
 *
 * @example
 * ```ts
 * duration({ value: '30s', where: '--duration' }, 's', bad) // 30000
 * ```
 */
export function duration(src: Sourced, bareUnit: 's' | 'ms', bad: Bad): number | undefined {
  const ms =
    typeof src.value === 'number'
      ? src.value * (bareUnit === 's' ? 1000 : 1)
      : parseDuration(String(src.value), bareUnit);
  if (ms === undefined || !(ms > 0))
    return bad(src, `"${String(src.value)}" is not a positive duration; write e.g. 30s, 5m, 30m, 1h or 500ms`);
  return ms;
}

/**
 * One of a few texts.
 *
 * @example
 * ```ts
 * oneOf({ value: 'en', where: '--lang' }, ['zh', 'en'], bad) // 'en'
 * ```
 */
export function oneOf<T extends string>(src: Sourced, choices: readonly T[], bad: Bad, what = ''): T | undefined {
  const v = String(src.value);
  if ((choices as readonly string[]).includes(v)) return v as T;
  return bad(src, `must be ${choices.join(' or ')}${what}, got "${v}"`);
}
