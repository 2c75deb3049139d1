import type { WebSocket } from 'ws';
import type { HttpRequest } from '../../../core/transport/index.js';
import { WsClosedError } from './ws-errors.js';

/** How many messages that came unasked a session keeps for its next steps; older ones are dropped. */
const INBOX_LIMIT = 256;

/**
 * One arrival's WebSocket session: the socket its connect step opened, the step that waits for
 * its reply, and the messages that came while none waited (a server's push: the next step's reply
 * is the oldest of them). Made by the protocol's request builder, opened and fed by its transport.
 *
 * @example
 * ```ts
 * const session = new WsSession(() => sessions.delete(seq))
 * ```
 */
export class WsSession {
  socket: WebSocket | undefined;
  /** Why it ended, once it did: each later step fails with it. */
  closed: WsClosedError | undefined;
  private waiting: ((err: Error | undefined, reply: Buffer | undefined) => void) | undefined;
  private readonly inbox: Buffer[] = [];

  /** @param onEnd called once, when the session ends for any reason: its owner forgets it */
  constructor(private readonly onEnd: () => void = () => undefined) {}

  /** A message came: the waiting step's reply, or kept for the next. */
  receive(message: Buffer): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(undefined, message);
      return;
    }
    if (this.inbox.length === INBOX_LIMIT) this.inbox.shift();
    this.inbox.push(message);
  }

  /** Waits for the next message (or takes one that came before); fails if the session ends first. */
  awaitReply(then: (err: Error | undefined, reply: Buffer | undefined) => void): void {
    const kept = this.inbox.shift();
    if (kept) then(undefined, kept);
    else if (this.closed) then(this.closed, undefined);
    else this.waiting = then;
  }

  /** Stops waiting (its step timed out): a reply that comes later is kept for no one. */
  cancelWait(): void {
    this.waiting = undefined;
  }

  /** The socket closed: the waiting step fails with why, and so does every later one. */
  onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = new WsClosedError(code, reason);
    this.socket = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(this.closed, undefined);
    this.onEnd();
  }

  /** Ends it from this side: a normal close (1000) once its last step is answered; `terminate` drops the connection. */
  end(terminate = false): void {
    const socket = this.socket;
    if (!socket) return;
    if (terminate) socket.terminate();
    else socket.close(1000);
    // The close handshake may take a round trip; the session is over for its steps now.
    this.onClose(terminate ? 1006 : 1000, 'ended by lptf');
  }
}

/**
 * A request of a WebSocket session: step 0 opens it (a GET with the upgrade, to `path`), step n
 * sends its n-th message (`body`) and waits for the reply.
 *
 * @example
 * ```ts
 * const r: WsRequest = { method: 'SEND', path: '/chat', headers: {}, body: '{"q":1}', session, step: 1 }
 * ```
 */
export interface WsRequest extends HttpRequest {
  readonly session: WsSession;
  readonly step: number;
}
