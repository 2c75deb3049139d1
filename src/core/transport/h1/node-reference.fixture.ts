import { request } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { HttpParseError } from './http-parse-error.js';
import { ResponseParser } from './response-parser.js';

/**
 * What a client made of a raw response: the status, headers and body, or a refusal.
 *
 * @example
 * ```ts
 * const v: Verdict = { ok: true, status: 200, headers: [['content-length', '2']], body: 'ok' }
 * ```
 */
export type Verdict =
  | { ok: true; status: number; headers: Array<[string, string]>; body: string }
  | { ok: false; why: string };

/**
 * A loopback server that answers each connection with the raw bytes queued for it and then
 * closes, so Node's own HTTP client can be asked what it makes of any byte sequence.
 *
 * @example
 * ```ts
 * const ref = await NodeReference.start()
 * await ref.verdict(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'), 'GET')
 * await ref.close()
 * ```
 */
export class NodeReference {
  private readonly queue: Buffer[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<NodeReference> {
    let ref: NodeReference | undefined;
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      const raw = ref?.queue.shift() ?? Buffer.alloc(0);
      // Answer once the request has arrived, then end: the reply is exactly `raw`.
      socket.once('data', () => socket.end(raw));
    });
    ref = new NodeReference(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ref;
  }

  /** Node's verdict on `raw` as the answer to a `method` request. */
  verdict(raw: Buffer, method: string): Promise<Verdict> {
    this.queue.push(raw);
    const { port } = this.server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      let settled = false;
      // Node's client never settles on some inputs (a 101 with nobody to take the upgrade): say so.
      const hung = setTimeout(
        () => reject(new Error(`Node's client did not settle on ${JSON.stringify(raw.toString('latin1'))}`)),
        5000,
      );
      const settle = (v: Verdict): void => {
        if (!settled) resolve(v);
        settled = true;
        clearTimeout(hung);
      };
      const req = request({ host: '127.0.0.1', port, method, path: '/', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('aborted', () => settle({ ok: false, why: 'aborted' }));
        res.on('error', (e) => settle({ ok: false, why: (e as { code?: string }).code ?? e.message }));
        res.on('end', () => {
          const headers: Array<[string, string]> = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            headers.push([(res.rawHeaders[i] as string).toLowerCase(), res.rawHeaders[i + 1] as string]);
          // 'end' can come after an abort on a cut-short body; the abort decides.
          setImmediate(() =>
            settle({ ok: true, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('latin1') }),
          );
        });
      });
      req.on('error', (e) => settle({ ok: false, why: (e as { code?: string }).code ?? e.message }));
      req.end();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * True if `buf` holds nothing but CR and LF from `from` on: what Node ignores between responses.
 *
 * @example
 * ```ts
 * onlyLineBreaks(Buffer.from('ok\r\n'), 2) // true
 * ```
 */
export function onlyLineBreaks(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 13 && buf[i] !== 10) return false;
  return true;
}

/**
 * lptf's verdict on `raw`, fed in pieces cut at `cuts` (offsets), then the end of the connection.
 *
 * @example
 * ```ts
 * lptfVerdict(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 'GET', [5]) // { ok: true, status: 204, … }
 * ```
 */
export function lptfVerdict(raw: Buffer, method: string, cuts: readonly number[] = []): Verdict {
  const p = new ResponseParser(true, true);
  p.begin(method === 'HEAD');
  try {
    const bounds = [0, ...cuts.filter((c) => c > 0 && c < raw.length).sort((a, b) => a - b), raw.length];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const piece = Buffer.from(raw.subarray(bounds[k], bounds[k + 1]));
      // Bytes past the end of the answer: the client closes the connection as broken, as Node does.
      const used = p.done ? 0 : p.execute(piece, 0, piece.length);
      if (!onlyLineBreaks(piece, used)) throw new HttpParseError('data after the response');
    }
    if (!p.done) p.finish();
  } catch (e) {
    if (e instanceof HttpParseError) return { ok: false, why: e.reason };
    throw e;
  }
  return {
    ok: true,
    status: p.head?.status ?? 0,
    headers: p.head?.headers ?? [],
    body: Buffer.concat(p.body ?? []).toString('latin1'),
  };
}
