import type { ClientHttp2Stream, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { constants } from 'node:http2';
import {
  BodyTooLargeError,
  breaksTarget,
  ConnectionClosedError,
  ERROR_PREFIX_BYTES,
  type HttpRequest,
  type HttpResponse,
  InvalidRequestError,
  MAX_KEPT_BODY_BYTES,
  type SendDone,
} from '../../../core/transport/index.js';
import type { H2Connection } from './h2-connection.js';
import { GoawayError, RstStreamError } from './h2-errors.js';

/** HTTP/1.1's connection-specific headers, which an HTTP/2 request must not carry (RFC 9113, 8.2.2). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * Sends one request on a stream of `connection` and calls `finish` once: with the complete answer,
 * or with why there is none. `finish` is called when the stream is over (its slot on the
 * connection free again), even after `cancel` (`finish` then says so): the stream is returned so
 * a timeout can cancel it.
 *
 * @example
 * ```ts
 * const stream = exchange(connection, { method: 'GET', path: '/', headers: {} }, { keepBody: false, keepHeaders: false }, done)
 * ```
 */
export function exchange(
  connection: H2Connection,
  request: HttpRequest,
  keep: { readonly keepBody: boolean; readonly keepHeaders: boolean },
  finish: SendDone,
): ClientHttp2Stream | undefined {
  if (breaksTarget(request.path) || request.path === '') {
    finish(
      new InvalidRequestError(`path ${JSON.stringify(request.path)} holds a space or a control byte: encode it (%20)`),
      undefined,
    );
    return undefined;
  }
  const headers: OutgoingHttpHeaders = { ':method': request.method, ':path': request.path };
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    const value = request.headers[name];
    if (lower === 'host') headers[':authority'] = value;
    else if (CONNECTION_HEADERS.has(lower) || (lower === 'te' && value?.toLowerCase() !== 'trailers')) {
      finish(
        new InvalidRequestError(`header "${name}" is HTTP/1.1's own: an HTTP/2 request cannot carry it`),
        undefined,
      );
      return undefined;
    } else headers[lower] = value;
  }
  let stream: ClientHttp2Stream;
  try {
    stream = connection.session.request(headers, { endStream: request.body === undefined });
  } catch (err) {
    const e = err as Error & { code?: string };
    // Node refuses a header it cannot send (a line break, a pseudo-header) before any frame.
    if (e.code === 'ERR_HTTP2_INVALID_SESSION' || e.code === 'ERR_HTTP2_GOAWAY_SESSION')
      finish(connection.failure ?? new ConnectionClosedError('before the request was sent'), undefined);
    else finish(new InvalidRequestError(e.message), undefined);
    return undefined;
  }
  connection.streams.add(stream);
  if (request.body !== undefined) stream.end(request.body);
  const sentAt = performance.now();
  let answer: IncomingHttpHeaders | undefined;
  let firstByteAt = 0;
  let bytes = 0;
  let body: Buffer[] | undefined;
  let prefix: Buffer[] | undefined;
  let prefixBytes = 0;
  let streamError: (Error & { code?: string; cause?: unknown }) | undefined;
  let over = false;
  const end = (err: Error | undefined, res: HttpResponse | undefined): void => {
    if (over) return;
    over = true;
    finish(err, res);
  };
  stream.on('response', (h) => {
    firstByteAt = performance.now();
    answer = h;
    if (keep.keepBody) body = [];
  });
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (body) {
      if (bytes > MAX_KEPT_BODY_BYTES) {
        body = undefined;
        end(new BodyTooLargeError(), undefined);
        stream.close(constants.NGHTTP2_CANCEL);
      } else body.push(chunk);
    } else if (prefixBytes < ERROR_PREFIX_BYTES && Number(answer?.[':status']) >= 400) {
      const part = chunk.subarray(0, ERROR_PREFIX_BYTES - prefixBytes);
      prefix ??= [];
      prefix.push(part);
      prefixBytes += part.length;
    }
  });
  stream.on('end', () => {
    if (!answer) return;
    end(
      undefined,
      responseOf(connection, answer, keep.keepHeaders, {
        bytes,
        ttfbMs: firstByteAt - Math.max(sentAt, connection.readyAt),
        downloadMs: performance.now() - firstByteAt,
        ...(body ? { body: Buffer.concat(body) } : {}),
        ...(prefix ? { bodyPrefix: Buffer.concat(prefix) } : {}),
      }),
    );
  });
  stream.on('error', (err) => {
    streamError = err;
  });
  stream.on('close', () => {
    const failure = over ? undefined : failureOf(connection, stream, streamError);
    connection.forget(stream);
    end(failure, undefined);
  });
  return stream;
}

/** Why a stream ended with no complete answer, in the words of HTTP/2 when the server said so. */
function failureOf(
  connection: H2Connection,
  stream: ClientHttp2Stream,
  err: (Error & { code?: string; cause?: unknown }) | undefined,
): Error {
  const goaway = connection.goaway;
  if (goaway && (stream.id === undefined || stream.id > goaway.lastStreamId))
    return new GoawayError(goaway.code, 'it had not taken this request');
  if (connection.failure) return connection.failure;
  // Node names a reset the server sent ERR_HTTP2_STREAM_ERROR; one with NO_ERROR before the end comes with none.
  if (err?.code === 'ERR_HTTP2_STREAM_ERROR' || (!err && !connection.session.destroyed && stream.rstCode !== undefined))
    return new RstStreamError(stream.rstCode ?? 0);
  if (err?.cause instanceof Error) return err.cause;
  return err ?? new ConnectionClosedError('before the answer was complete');
}

/** The answer as the sender reads it, from the answer's head and what its body came to. */
function responseOf(
  connection: H2Connection,
  head: IncomingHttpHeaders,
  keepHeaders: boolean,
  base: Omit<HttpResponse, 'status'>,
): HttpResponse {
  let res: HttpResponse = { status: Number(head[':status']), ...base };
  const timing = head['server-timing'];
  if (timing !== undefined) res = { ...res, serverTiming: Array.isArray(timing) ? timing.join(', ') : timing };
  if (typeof head.location === 'string') res = { ...res, location: head.location };
  if (keepHeaders) {
    const all: [string, string][] = [];
    for (const name in head) {
      if (name.startsWith(':')) continue;
      const v = head[name];
      for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) all.push([name, String(one)]);
    }
    res = { ...res, headers: all };
  }
  // A connection opened for this request: its first answer says what opening it took.
  if (connection.opening) {
    res = { ...res, ...connection.opening };
    connection.opening = undefined;
  }
  return res;
}
