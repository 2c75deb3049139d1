import { createRequire } from 'node:module';
import type { Dispatcher, Pool as PoolType } from 'undici';
import {
  BodyTooLargeError,
  ERROR_PREFIX_BYTES,
  type HttpRequest,
  type HttpResponse,
  MAX_KEPT_BODY_BYTES,
  RequestTimeoutError,
  type SendDone,
  type Transport,
  type TransportOptions,
} from './transport.js';

/**
 * An HTTP/1.1 {@link Transport} on an undici `Pool`: keep-alive connections, opened as needed
 * up to `connections`. lptf's own client ({@link h1Transport}) is the default and costs less
 * CPU per request; undici is kept for what that one does not cover (`--client undici`), and
 * as the reference the benchmark compares against.
 *
 * undici's own header and body timers are switched off: the request fails with a
 * {@link RequestTimeoutError} `timeoutMs` after its send, the one definition of "timed out".
 * It uses `Pool.dispatch` with a handler rather than `Pool.request`: the same client without
 * the response stream and promise layers, ~30% less CPU per request (measured).
 *
 * @example
 * ```ts
 * const t = undiciTransport('http://127.0.0.1:8080', { connections: 64, timeoutMs: 10_000 })
 * ```
 */
export function undiciTransport(origin: string, options: TransportOptions): Transport {
  // Loaded on first use: undici costs ~10 ms of start-up and some RSS that runs on lptf's own client need not pay.
  const { Pool } = createRequire(import.meta.url)('undici') as { Pool: typeof PoolType };
  const pool = new Pool(origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(options.insecure ? { connect: { rejectUnauthorized: false } } : {}),
  });
  const active = new Set<() => void>();
  return {
    send(request: HttpRequest, done: SendDone): void {
      let controller: Dispatcher.DispatchController | undefined;
      let status = 0;
      let bytes = 0;
      let serverTiming: string | undefined;
      let location: string | undefined;
      // undici does not say when a connection was opened for a request: its time is in the first byte's.
      const sentAt = performance.now();
      let firstByteAt = 0;
      let kept: [string, string][] | undefined;
      let settled = false;
      let abortReason: Error | undefined;
      const chunks: Buffer[] | undefined = options.keepBody ? [] : undefined;
      /** Without kept bodies, an error answer's first bytes, for its failure example. */
      let prefix: Buffer[] | undefined;
      let prefixBytes = 0;
      const abort = (reason: Error): void => {
        abortReason = reason;
        controller?.abort(reason);
      };
      const forceClose = (): void => abort(new Error('transport closed'));
      const timer = setTimeout(() => abort(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
      active.add(forceClose);
      const settle = (err: Error | undefined, res: HttpResponse | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        active.delete(forceClose);
        done(err, res);
      };
      pool.dispatch(
        {
          method: request.method as Dispatcher.HttpMethod,
          path: request.path,
          headers: request.headers,
          body: request.body ?? null,
        },
        {
          onRequestStart(c) {
            controller = c;
            // Timed out while waiting for a connection: undici calls us only now.
            if (abortReason) c.abort(abortReason);
          },
          onResponseStart(_c, statusCode, headers) {
            status = statusCode;
            firstByteAt = performance.now();
            if (!chunks && statusCode >= 400) prefix = [];
            const st = headers['server-timing'];
            if (st !== undefined) serverTiming = Array.isArray(st) ? st.join(', ') : st;
            const loc = headers['location'];
            if (loc !== undefined) location = Array.isArray(loc) ? loc[0] : loc;
            if (options.keepHeaders)
              kept = Object.entries(headers).flatMap(([k, v]) =>
                (Array.isArray(v) ? v : [v ?? '']).map((x) => [k.toLowerCase(), String(x)] as [string, string]),
              );
          },
          onResponseData(_c, chunk) {
            bytes += chunk.length;
            if (prefix && prefixBytes < ERROR_PREFIX_BYTES) {
              const part = chunk.subarray(0, ERROR_PREFIX_BYTES - prefixBytes);
              prefix.push(Buffer.from(part));
              prefixBytes += part.length;
            }
            if (!chunks) return;
            if (bytes > MAX_KEPT_BODY_BYTES) abort(new BodyTooLargeError());
            else chunks.push(chunk);
          },
          onResponseEnd() {
            const ttfbMs = firstByteAt - sentAt;
            const downloadMs = performance.now() - firstByteAt;
            let res: HttpResponse = chunks
              ? { status, bytes, body: Buffer.concat(chunks), ttfbMs, downloadMs }
              : { status, bytes, ttfbMs, downloadMs };
            if (serverTiming !== undefined) res = { ...res, serverTiming };
            if (prefix) res = { ...res, bodyPrefix: Buffer.concat(prefix) };
            if (location !== undefined) res = { ...res, location };
            settle(undefined, kept ? { ...res, headers: kept } : res);
          },
          onResponseError(_c, err) {
            settle(abortReason ?? err, undefined);
          },
        },
      );
    },
    async close(force = false) {
      if (force) {
        for (const abort of [...active]) abort();
        await pool.destroy();
      } else await pool.close();
    },
  };
}
