/** The longest reason or error text kept as an example: a report line, not a dump. */
const EXAMPLE_CHARS = 200;

/**
 * A text cut to what a report's example keeps.
 *
 * @example
 * ```ts
 * clip('x'.repeat(300)).length // 201
 * ```
 */
export const clip = (text: string): string => (text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS)}…` : text);

/**
 * What a user's function threw, as an example's text.
 *
 * @example
 * ```ts
 * errorText(new TypeError('x is undefined')) // 'TypeError: x is undefined'
 * ```
 */
export function errorText(err: unknown): string {
  return clip(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
}

/**
 * Whether a value is a promise (or looks like one): a script's function must answer at once.
 *
 * @example
 * ```ts
 * isThenable(Promise.resolve()) // true
 * ```
 */
export const isThenable = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
