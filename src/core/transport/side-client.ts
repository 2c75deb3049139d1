import { h1Transport } from './h1/index.js';
import type { Transport } from './transport.js';

/**
 * What a side request got back: the status and the body as text.
 *
 * @example
 * ```ts
 * const a: SideAnswer = { status: 204, text: '' }
 * ```
 */
export interface SideAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * A client for the requests beside the load, to one origin: a node exporter's scrapes, the
 * remote-write pushes. Closed when the run ends.
 *
 * @example
 * ```ts
 * const client = sideClient('http://127.0.0.1:9100/metrics', 900)
 * const { status, text } = await client.request('/metrics')
 * await client.close()
 * ```
 */
export interface SideClient {
  /** Sends to `pathAndQuery` on the client's origin; rejects on no answer within the client's time. */
  request(
    pathAndQuery: string,
    options?: { method?: string; headers?: Readonly<Record<string, string>>; body?: Uint8Array },
  ): Promise<SideAnswer>;
  /** Closes its connection; with `force`, a request still out fails now. */
  close(force?: boolean): Promise<void>;
}

/**
 * A side client on lptf's own HTTP/1.1 transport, one kept-alive connection (two if a request
 * finds the first busy), each answer read up to 4 MiB. Credentials in the URL are sent as Basic
 * authorization and go into no message.
 *
 * Not node:http: a remote-write push of 2 KB cost 330-500 µs of CPU with it (and 100 µs more
 * for `AbortSignal.any` with `AbortSignal.timeout`), against 76-134 µs on this transport
 * (measured, 300 pushes to Prometheus 2.42); once a second, cold, that was most of what watching
 * and pushing cost the generator. Not undici either: it costs 130 ms of CPU to load and ~200 ms
 * more compiling its WebAssembly parser, which would land in the generator's figures.
 *
 * @example
 * ```ts
 * const push = sideClient('http://user:secret@127.0.0.1:9090/api/v1/write', 10_000)
 * ```
 */
export function sideClient(url: URL | string, timeoutMs: number): SideClient {
  const target = new URL(url);
  const auth =
    target.username || target.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`
      : undefined;
  const transport: Transport = h1Transport(target.origin, { connections: 2, timeoutMs, keepBody: true });
  return {
    request(pathAndQuery, options = {}) {
      const headers = { ...options.headers, ...(auth ? { authorization: auth } : {}) };
      const method = options.method ?? (options.body ? 'POST' : 'GET');
      return new Promise((resolve, reject) =>
        transport.send(
          { method, path: pathAndQuery, headers, ...(options.body ? { body: options.body } : {}) },
          (err, res) =>
            err || !res
              ? reject(err ?? new Error('no answer'))
              : resolve({ status: res.status, text: res.body?.toString('utf8') ?? '' }),
        ),
      );
    },
    close: (force) => transport.close(force),
  };
}
