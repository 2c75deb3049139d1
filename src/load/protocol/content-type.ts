/**
 * The content type a body is sent with when the plan names none: JSON if it opens like JSON,
 * else plain UTF-8 text. A `--body` template and a load file's request bodies are typed alike.
 *
 * @example
 * ```ts
 * contentTypeOf('{"q": 1}') // 'application/json'
 * ```
 */
export function contentTypeOf(body: string): string {
  return /^\s*[[{]/.test(body) ? 'application/json' : 'text/plain; charset=utf-8';
}
