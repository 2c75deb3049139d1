import { WebSocket } from 'ws';
import {
  type HttpResponse,
  MAX_KEPT_BODY_BYTES,
  RequestTimeoutError,
  type SendDone,
  type Transport,
  type TransportOptions,
} from '../../../core/transport/index.js';
import { WsClosedError, WsHandshakeError } from './ws-errors.js';
import type { WsRequest, WsSession } from './ws-session.js';

/** The status a session's answers carry: the upgrade's, `101 Switching Protocols`, for every exchange on it. */
const SWITCHED = 101;

/**
 * WebSocket for a load run: each session its own connection (`ws`, the well-kept client, with
 * compression off, as a load generator's CPU is the target's too). Step 0 of a session opens it,
 * timed from its send to the upgrade's answer, TCP connect included; each later step sends its
 * message and is answered by the session's next message. `timeoutMs` bounds each step. A session
 * the server closes fails its waiting step, and every later one, as `ws_closed`; an upgrade
 * answered with another status than 101 is an answer with that status (`http_403`).
 *
 * @example
 * ```ts
 * const t = wsTransport('http://127.0.0.1:8080', { connections: 100, timeoutMs: 10_000 })
 * t.send({ method: 'GET', path: '/chat', headers: {}, session: new WsSession(), step: 0 }, done)
 * ```
 */
export function wsTransport(origin: string, options: TransportOptions): Transport {
  const base = origin.replace(/^http/, 'ws');
  const keepBody = options.keepBody ?? false;
  /** The sockets not yet closed, by session: what `close` ends. */
  const live = new Map<WsSession, WebSocket>();
  let drained: (() => void) | undefined;

  const forget = (session: WsSession): void => {
    live.delete(session);
    if (live.size === 0) drained?.();
  };

  const connect = (request: WsRequest, done: SendDone): void => {
    const { session } = request;
    const started = performance.now();
    let told = false;
    const tell = (err: Error | undefined, res?: HttpResponse): void => {
      if (told) return;
      told = true;
      clearTimeout(timer);
      done(err, res);
    };
    let socket: WebSocket;
    try {
      socket = new WebSocket(base + request.path, {
        headers: request.headers,
        perMessageDeflate: false,
        maxPayload: MAX_KEPT_BODY_BYTES,
        rejectUnauthorized: !options.insecure,
      });
    } catch (err) {
      tell(err as Error);
      return;
    }
    const timer = setTimeout(() => {
      tell(new RequestTimeoutError(options.timeoutMs));
      socket.terminate();
    }, options.timeoutMs);
    session.socket = socket;
    live.set(session, socket);
    socket.on('unexpected-response', (req, res) => {
      // Not upgraded: the answer is judged by its status; the connection is of no more use.
      tell(undefined, { status: res.statusCode ?? 0, bytes: 0 });
      res.resume();
      req.destroy();
    });
    socket.on('open', () => tell(undefined, { status: SWITCHED, bytes: 0, connectMs: performance.now() - started }));
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      session.receive(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
    });
    socket.on('error', (err: Error & { code?: string }) => {
      // Before the upgrade: a refused or reset connection keeps its code (`refused`); a bad 101 is the handshake's.
      if (!told)
        tell(typeof err.code === 'string' && !err.code.startsWith('WS_ERR') ? err : new WsHandshakeError(err.message));
    });
    socket.on('close', (code: number, reason: Buffer) => {
      forget(session);
      session.onClose(code, reason.toString('utf8'));
      tell(session.closed);
    });
  };

  const exchange = (request: WsRequest, done: SendDone): void => {
    const { session } = request;
    const socket = session.socket;
    if (!socket || session.closed) {
      done(session.closed ?? new WsClosedError(1006, 'before this step'), undefined);
      return;
    }
    const started = performance.now();
    let told = false;
    const tell = (err: Error | undefined, reply?: Buffer): void => {
      if (told) return;
      told = true;
      clearTimeout(timer);
      if (err) {
        done(err, undefined);
        return;
      }
      const bytes = reply?.length ?? 0;
      done(undefined, {
        status: SWITCHED,
        bytes,
        ttfbMs: performance.now() - started,
        ...(keepBody && reply ? { body: reply } : {}),
      });
    };
    const timer = setTimeout(() => {
      session.cancelWait();
      tell(new RequestTimeoutError(options.timeoutMs));
      // A reply that comes after its step gave up would answer the next step: the session ends here.
      session.end(true);
    }, options.timeoutMs);
    session.awaitReply((err, reply) => tell(err, reply));
    socket.send(request.body ?? '', (err) => {
      if (err) tell(session.closed ?? new WsClosedError(1006, err.message));
    });
  };

  return {
    send(request, done) {
      const r = request as WsRequest;
      if (r.step === 0) connect(r, done);
      else exchange(r, done);
    },
    close(force = false) {
      for (const session of [...live.keys()]) session.end(force);
      if (live.size === 0) return Promise.resolve();
      // A server that never answers the close frame is not waited for past a second.
      return new Promise<void>((resolve) => {
        const late = setTimeout(() => {
          for (const socket of live.values()) socket.terminate();
        }, 1_000);
        drained = () => {
          clearTimeout(late);
          resolve();
        };
      });
    },
  };
}
