/**
 * A response that breaks HTTP/1.1 framing: the connection it came on cannot be trusted, so the
 * client closes it and the request fails as `bad_response`. `reason` says what was wrong.
 *
 * @example
 * ```ts
 * throw new HttpParseError('invalid status line')
 * ```
 */
export class HttpParseError extends Error {
  /** Stable code, mapped to the error kind `bad_response` in reports. */
  readonly code = 'LPTF_HTTP_PARSE';

  constructor(readonly reason: string) {
    super(`bad HTTP response: ${reason}`);
    this.name = 'HttpParseError';
  }
}
