import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { InvalidInputError, LptfError, UsageError } from '../../core/errors/index.js';
import { MAX_REPORT_BYTES, REPORT_PATH, STATUS_PATH } from './segment-report.js';

/**
 * What the coordinator's server asks of the coordinator: take a report (its body, parsed), say
 * how the test stands.
 *
 * @example
 * ```ts
 * const handlers: CoordinatorHandlers = { report: (body, from) => ({ heldSecond: 3 }), status: () => ({ state: 'running' }) }
 * ```
 */
export interface CoordinatorHandlers {
  /** Returns the reply, or throws an `InvalidInputError` (400) or a `ReportRefused` (409). */
  report(body: unknown, from: string): unknown;
  status(): unknown;
}

/**
 * A report the coordinator will not take, though well formed: another test's segment, a
 * segment index already held by another process.
 *
 * @example
 * ```ts
 * throw new ReportRefused('segment 1/4: this coordinator runs 3 segments')
 * ```
 */
export class ReportRefused extends LptfError {
  constructor(message: string) {
    super(message, 'LPTF_REPORT_REFUSED', 2);
  }
}

/**
 * The coordinator's HTTP server: `POST /report` from segments (a shared token, if given, as a
 * Bearer), `GET /status` for `lptf follow`. Bodies are bounded (413 past `MAX_REPORT_BYTES`),
 * and every refusal says why in its body.
 *
 * @example
 * ```ts
 * const server = await coordinatorServer({ host: '127.0.0.1', port: 0 }, 'tok3n-tok3n', handlers)
 * ```
 */
export async function coordinatorServer(
  listen: { readonly host: string; readonly port: number },
  token: string | undefined,
  handlers: CoordinatorHandlers,
): Promise<Server> {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  const allowed = (req: IncomingMessage): boolean => {
    if (!expected) return true;
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    const text = typeof body === 'string' ? `${body}\n` : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'cache-control': 'no-store',
    });
    res.end(text);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '') || '/';
    if (!allowed(req))
      return answer(res, 401, 'a coordinator token is required: give the segments --coordinator-token');
    if (req.method === 'GET' && path === STATUS_PATH) return answer(res, 200, handlers.status());
    if (req.method !== 'POST' || path !== REPORT_PATH)
      return answer(res, 404, `lptf coordinator: POST ${REPORT_PATH} (segments) or GET ${STATUS_PATH}`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REPORT_BYTES) {
        answer(res, 413, `a report larger than ${MAX_REPORT_BYTES} bytes is not lptf's`);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const from = req.socket.remoteAddress ?? 'unknown';
      try {
        answer(res, 200, handlers.report(JSON.parse(Buffer.concat(chunks).toString('utf8')), from));
      } catch (err) {
        if (err instanceof ReportRefused) return answer(res, 409, err.message);
        if (err instanceof InvalidInputError || err instanceof SyntaxError)
          return answer(res, 400, `not a segment report: ${err.message}`);
        answer(res, 500, (err as Error).message);
      }
    });
  });
  // A segment keeps its connection between reports; a silent one must not hold the server open at the end.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new UsageError(`--listen ${listen.host}:${listen.port}: cannot listen there (${err.code ?? err.message})`),
      ),
    );
    server.listen(listen.port, listen.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  return server;
}
