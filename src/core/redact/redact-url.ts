/** Names whose values are credentials: in query strings, headers and flags. */
export const SECRET_NAME = /(auth|token|secret|password|passwd|pwd|key|cookie|signature|session|credential)/i;

/**
 * Redacts a URL's user-info and the values of query parameters whose names look secret, so a
 * URL can go into a report: `http://u:p@h/?token=x&a=1` → `http://[redacted]@h/?token=[redacted]&a=1`.
 * Works on any text that holds a URL.
 *
 * @example
 * ```ts
 * redactUrl('http://127.0.0.1:8080/w?access_token=abc&v=1') // 'http://127.0.0.1:8080/w?access_token=[redacted]&v=1'
 * ```
 */
export function redactUrl(text: string): string {
  return text
    .replace(/^(https?:\/\/)[^/@\s]+@/i, '$1[redacted]@')
    .replace(/([?&]([^=&#\s]+)=)([^&#\s]*)/g, (m, prefix: string, name: string) =>
      SECRET_NAME.test(name) ? `${prefix}[redacted]` : m,
    );
}
