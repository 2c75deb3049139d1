/**
 * The server (or the network) closed a session while a step of it waited, or before a step could
 * be sent (failure kind `ws_closed`): a service that drops sessions mid-way. The close code says
 * how: 1006 is a connection that went away without a close frame.
 *
 * @example
 * ```ts
 * done(new WsClosedError(1006, ''), undefined) // kind ws_closed: "the session was closed: 1006"
 * ```
 */
export class WsClosedError extends Error {
  readonly code = 'LPTF_WS_CLOSED';
  readonly kind = 'ws_closed';
  constructor(
    readonly closeCode: number,
    readonly reason: string,
  ) {
    super(`the session was closed: ${closeCode}${reason ? ` ${reason.slice(0, 120)}` : ''}`);
    this.name = 'WsClosedError';
  }
}

/**
 * The connection could not be made a WebSocket (failure kind `ws_handshake`): the answer to the
 * upgrade was not a valid `101 Switching Protocols` (a wrong `Sec-WebSocket-Accept`, a subprotocol
 * the server chose that was not asked for). An answer with another status is judged by its status.
 *
 * @example
 * ```ts
 * done(new WsHandshakeError('Invalid Sec-WebSocket-Accept header'), undefined)
 * ```
 */
export class WsHandshakeError extends Error {
  readonly code = 'LPTF_WS_HANDSHAKE';
  readonly kind = 'ws_handshake';
  constructor(why: string) {
    super(`the upgrade failed: ${why.slice(0, 200)}`);
    this.name = 'WsHandshakeError';
  }
}
