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
  readonly body?: string;
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
}

/**
 * Sends requests to one target. The load loop knows nothing of sockets: anything that can
 * send a request and resolve when its answer is complete can drive a test (HTTP/1.1 here;
 * other protocols or a raw-socket client can plug in the same way).
 *
 * `send` must reject with the signal's `reason` when the signal aborts, so the caller can tell
 * its own timeout from a network error.
 *
 * @example
 * ```ts
 * const t: Transport = undiciTransport('http://127.0.0.1:8080', { connections: 100 })
 * const res = await t.send({ method: 'GET', path: '/', headers: {} }, AbortSignal.timeout(1000))
 * await t.close()
 * ```
 */
export interface Transport {
  send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
  /** Closes idle connections; with `force`, destroys busy ones too. */
  close(force?: boolean): Promise<void>;
}
