/**
 * One HTTP request, ready to send: the path includes the query string.
 *
 * @example
 * ```ts
 * const req: HttpRequest = { method: 'POST', path: '/widget', headers: { 'content-type': 'application/json' }, body: '{}' }
 * ```
 */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text is sent as UTF-8; bytes as they are (a remote-write push's protobuf). */
  readonly body?: string | Uint8Array;
}

/**
 * What came back. The body is read to its end (that is when an answer is complete) but kept
 * only if the transport was asked to keep it.
 *
 * @example
 * ```ts
 * const res: HttpResponse = { status: 200, bytes: 42 }
 * ```
 */
export interface HttpResponse {
  readonly status: number;
  readonly bytes: number;
  readonly body?: Buffer;
  /** The `Server-Timing` header, if the target sent one (several are joined with commas). */
  readonly serverTiming?: string;
  /**
   * Every header as [lower-case name, value], in the order sent (a repeated one, `set-cookie`
   * say, once per line); only when the transport was asked to keep them.
   */
  readonly headers?: readonly (readonly [string, string])[];
  /**
   * The first bytes (at most {@link ERROR_PREFIX_BYTES}) of an error answer's body (status 400 and
   * up) when bodies are not kept: what a report's failure example shows of it.
   */
  readonly bodyPrefix?: Buffer;
  /** The `Location` header, when the answer sent one (a redirect's), whether or not headers are kept. */
  readonly location?: string;
  /**
   * Where its time went on the wire, in ms (k6's waiting and receiving): from the request written
   * (or its connection ready, if later) to the answer's first byte, and from there to its last.
   */
  readonly ttfbMs?: number;
  readonly downloadMs?: number;
  /**
   * Set on the first answer of a connection opened for it during the run (not one opened before
   * the start): the TCP connect and the TLS handshake, in ms (k6's connecting, tls_handshaking).
   */
  readonly connectMs?: number;
  readonly tlsMs?: number;
}

/** How much of an error answer's body is kept for its failure example when bodies are not kept. */
export const ERROR_PREFIX_BYTES = 512;

/**
 * Called once per request: with the answer, or with an error (never both).
 *
 * @example
 * ```ts
 * const done: SendDone = (err, res) => (err ? console.error(errorKind(err)) : console.log(res?.status))
 * ```
 */
export type SendDone = (err: Error | undefined, res: HttpResponse | undefined) => void;

/**
 * Sends requests to one target. The load loop knows nothing of sockets: anything that can
 * send a request and call back when its answer is complete can drive a test (HTTP/1.1 here;
 * other protocols plug in the same way).
 *
 * A callback, not a promise and an AbortSignal: at tens of thousands of requests a second the
 * promise, the signal and its listener cost more CPU than parsing the answer (measured), and a
 * load generator's CPU is taken from the target it shares the machine with. So the transport
 * owns the timeout (it fails a request with a {@link RequestTimeoutError} `timeoutMs` after its
 * send) and `close(true)` is how a run aborts what is in flight.
 *
 * @example
 * ```ts
 * const t: Transport = h1Transport('http://127.0.0.1:8080', { connections: 100, timeoutMs: 10_000 })
 * t.send({ method: 'GET', path: '/', headers: {} }, (err, res) => console.log(err ?? res?.status))
 * await t.close()
 * ```
 */
export interface Transport {
  send(request: HttpRequest, done: SendDone): void;
  /**
   * Optional: opens up to `connections` connections ahead of the first request and resolves once
   * they are up (or failed), so the first second of a run is not spent connecting.
   */
  preconnect?(connections: number): Promise<void>;
  /** Closes idle connections once busy ones finish; with `force`, destroys busy ones now (their requests fail). */
  close(force?: boolean): Promise<void>;
}

/**
 * What every transport is told: how many connections it may open and when a request times out.
 *
 * @example
 * ```ts
 * const o: TransportOptions = { connections: 64, timeoutMs: 10_000, keepBody: true }
 * ```
 */
export interface TransportOptions {
  /** Most connections to open; a request beyond them waits for a free one. */
  readonly connections: number;
  /** A request not answered this long after its send fails with a {@link RequestTimeoutError}. */
  readonly timeoutMs: number;
  /**
   * Keep response bodies (for reply checking), each up to {@link MAX_KEPT_BODY_BYTES}; otherwise
   * they are counted and dropped, whatever their size.
   */
  readonly keepBody?: boolean;
  /** Keep response headers (a user flow's cookies and extractions read them); otherwise only the few the transport needs are read. */
  readonly keepHeaders?: boolean;
  /** https: accept any certificate (curl's `-k`), for test services with self-signed ones. */
  readonly insecure?: boolean;
}

/**
 * A request got no complete answer within the transport's `timeoutMs` (error kind `timeout`).
 *
 * @example
 * ```ts
 * done(new RequestTimeoutError(10_000), undefined)
 * ```
 */
export class RequestTimeoutError extends Error {
  readonly code = 'LPTF_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * The connection ended before the answer was complete (error kind `closed`), for example a
 * keep-alive connection the server closed just as a request went out on it.
 *
 * @example
 * ```ts
 * done(new ConnectionClosedError('before any response'), undefined)
 * ```
 */
export class ConnectionClosedError extends Error {
  readonly code = 'LPTF_CLOSED';
  constructor(detail: string) {
    super(`connection closed ${detail}`);
    this.name = 'ConnectionClosedError';
  }
}

/**
 * A request that cannot be put on the wire as given, e.g. a header value with a line break
 * (error kind `invalid_request`).
 *
 * @example
 * ```ts
 * throw new InvalidRequestError('header "x-a" holds a line break')
 * ```
 */
export class InvalidRequestError extends Error {
  readonly code = 'LPTF_INVALID_REQUEST';
  constructor(detail: string) {
    super(`invalid request: ${detail}`);
    this.name = 'InvalidRequestError';
  }
}

/**
 * The largest body a transport keeps for checking: 4 MiB. A reply to check is small; a target
 * that sends more (a 1 GB body) fails that request as `body_too_large` instead of filling memory.
 */
export const MAX_KEPT_BODY_BYTES = 4 << 20;

/**
 * A kept body grew past {@link MAX_KEPT_BODY_BYTES} (error kind `body_too_large`).
 *
 * @example
 * ```ts
 * done(new BodyTooLargeError(), undefined)
 * ```
 */
export class BodyTooLargeError extends Error {
  readonly code = 'LPTF_BODY_TOO_LARGE';
  constructor() {
    super(`the answer's body is over ${MAX_KEPT_BODY_BYTES} bytes, more than lptf keeps to check`);
    this.name = 'BodyTooLargeError';
  }
}
