/** HTTP/2's error codes, by number (RFC 9113, section 7). */
const CODE_NAMES = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/** An HTTP/2 error code as the RFC names it: `REFUSED_STREAM (7)`. */
export function h2CodeName(code: number): string {
  return `${CODE_NAMES[code] ?? 'UNKNOWN'} (${code})`;
}

/**
 * The server reset a request's stream before its answer was complete (failure kind
 * `rst_stream`): a server that refuses work it cannot take (`REFUSED_STREAM`), or cancels it.
 *
 * @example
 * ```ts
 * done(new RstStreamError(7), undefined) // kind rst_stream: "the server reset the stream: REFUSED_STREAM (7)"
 * ```
 */
export class RstStreamError extends Error {
  readonly code = 'LPTF_H2_RST_STREAM';
  readonly kind = 'rst_stream';
  constructor(readonly h2Code: number) {
    super(`the server reset the stream: ${h2CodeName(h2Code)}`);
    this.name = 'RstStreamError';
  }
}

/**
 * The server sent GOAWAY before it took this request's stream (failure kind `goaway`): it is
 * shutting the connection down, gracefully or on an error. Requests it had taken still complete;
 * new ones go on a new connection.
 *
 * @example
 * ```ts
 * done(new GoawayError(0, 'the stream was opened after the last one it takes'), undefined)
 * ```
 */
export class GoawayError extends Error {
  readonly code = 'LPTF_H2_GOAWAY';
  readonly kind = 'goaway';
  constructor(
    readonly h2Code: number,
    detail: string,
  ) {
    super(`the server sent GOAWAY ${h2CodeName(h2Code)}: ${detail}`);
    this.name = 'GoawayError';
  }
}

/**
 * The server does not speak HTTP/2 where it was asked to (failure kind `no_h2`): over TLS it chose
 * another protocol by ALPN (or none); over plain TCP (h2c by prior knowledge) it answered in
 * something else, most often HTTP/1.1.
 *
 * @example
 * ```ts
 * new NoH2Error('over TLS it chose http/1.1 by ALPN')
 * ```
 */
export class NoH2Error extends Error {
  readonly code = 'LPTF_NO_H2';
  readonly kind = 'no_h2';
  constructor(detail: string) {
    super(`the server does not speak HTTP/2 here: ${detail}`);
    this.name = 'NoH2Error';
  }
}
