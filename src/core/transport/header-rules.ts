/**
 * What HTTP allows in a request's head, in one place: the transport refuses the rest at each send,
 * and a plan's headers and a load file's requests are checked by the same rules before any.
 */

/** A header name (or method) is a token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * A header value is visible characters, spaces and tabs (RFC 9110, 5.5): a CR, LF or NUL would end
 * the head early (a second request smuggled in), and any other control byte is refused by servers.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what it looks for.
const UNSAFE = /[\0-\x08\x0a-\x1f\x7f]/;
/** A request target holds no space and no control byte (RFC 9112, 3.2): a space ends it early. */
const UNSAFE_TARGET = /[\0-\x20\x7f]/;

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
 * Whether a header value holds a control byte other than a tab (a line break or NUL would end the
 * head early).
 *
 * @example
 * ```ts
 * breaksHead('a\r\nb') // true
 * breaksHead('a\x01b') // true
 * ```
 */
export function breaksHead(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * Whether a path (with its query) cannot be a request target: it holds a space or a control byte
 * (an extracted value put in a path unencoded, say).
 *
 * @example
 * ```ts
 * breaksTarget('/search?q=a b') // true: encode it, /search?q=a%20b
 * ```
 */
export function breaksTarget(text: string): boolean {
  return UNSAFE_TARGET.test(text);
}
