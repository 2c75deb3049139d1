import type { Sourced } from './field.js';

/**
 * Reports a problem with a field's value, naming where it came from; returns undefined so a
 * parser can `return bad(src, '…')`.
 *
 * @example
 * ```ts
 * const bad: Bad = (s, message) => void problems.push({ where: s.where, message })
 * ```
 */
export type Bad = (src: Sourced, message: string) => undefined;

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
 * ```
 */
export function integer(src: Sourced, min: number, bad: Bad): number | undefined {
  const n = typeof src.value === 'number' ? src.value : Number(String(src.value).trim() || Number.NaN);
  if (!Number.isInteger(n) || n < min) return bad(src, `must be a whole number >= ${min}; got "${String(src.value)}"`);
  return n;
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
