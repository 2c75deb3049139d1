import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The most of an answer a side request reads: a node exporter's page is ~60 KB. */
const MAX_ANSWER_BYTES = 4 * 2 ** 20;

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
 * One small request beside the load (a node exporter's scrape, a remote-write push), with
 * Node's own HTTP client: undici, the other client at hand, costs 130 ms of CPU to load and
 * another ~200 ms in V8's background threads compiling its WebAssembly parser after the first
 * request (measured), which would land in the generator's figures. The answer is read up to
 * 4 MiB; `signal` aborts it.
 *
 * @example
 * ```ts
 * const { status, text } = await sideRequest('http://127.0.0.1:9100/metrics', { signal: AbortSignal.timeout(900) })
 * ```
 */
export function sideRequest(
  url: URL | string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array; signal?: AbortSignal } = {},
): Promise<SideAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(options.body ? { 'content-length': String(options.body.length) } : {}) },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES)
            return void res.destroy(new Error(`an answer over ${MAX_ANSWER_BYTES / 2 ** 20} MiB`));
          chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (err: Error) => reject(options.signal?.aborted ? (options.signal.reason as Error) : err));
    req.end(options.body);
  });
}
