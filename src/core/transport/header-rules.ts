/**
 * What HTTP allows in a request's head, in one place: the transport refuses the rest at each send,
 * and a plan's headers and a load file's requests are checked by the same rules before any.
 */

/** A header name (or method) is a token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value or a path must not smuggle a second request: no CR, LF or NUL anywhere. */
const UNSAFE = /[\r\n\0]/;

/**
 * Whether a text is an HTTP token: a header name or a method.
 *
 * @example
 * ```ts
 * isToken('x-request-id') // true
 * ```
 */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Whether a header value (or a path) holds a line break or NUL, which would end the head early.
 *
 * @example
 * ```ts
 * breaksHead('a\r\nb') // true
 * ```
 */
export function breaksHead(text: string): boolean {
  return UNSAFE.test(text);
}
