import { type ClientHttp2Session, type ClientHttp2Stream, constants, connect as h2Connect } from 'node:http2';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { NoH2Error } from './h2-errors.js';

/**
 * Where an HTTP/2 transport connects, and how: over TLS by ALPN (`https:`) or by prior knowledge
 * over plain TCP (h2c, `http:`), with at most `streams` requests in flight on each connection.
 *
 * @example
 * ```ts
 * const e: H2Endpoint = { origin: 'http://127.0.0.1:8080', host: '127.0.0.1', port: 8080, tls: false, insecure: false, streams: 100 }
 * ```
 */
export interface H2Endpoint {
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly insecure: boolean;
  readonly streams: number;
}

/** What a connection tells the pool that holds it. */
export interface H2Owner {
  /** It takes no new stream any more (GOAWAY, closed, failed): the pool stops choosing it. */
  onGone(connection: H2Connection): void;
  /** It may take more streams than before (the server's SETTINGS arrived). */
  onRoom(connection: H2Connection): void;
  /** It is closed: every request on it has ended. */
  onClosed(connection: H2Connection): void;
}

/**
 * One HTTP/2 connection: its socket (made here, so its connect and TLS handshake are timed and
 * ALPN is checked before any frame), its session, and what it knows of its end. Node's `http2`
 * does the framing, HPACK and flow control; a benchmark (bench/h2.ts) says what that costs.
 *
 * @example
 * ```ts
 * const c = new H2Connection(endpoint, owner)
 * await c.ready
 * ```
 */
export class H2Connection {
  readonly session: ClientHttp2Session;
  /** Resolves once it can carry requests, or has failed. */
  readonly ready: Promise<void>;
  /** Requests on it now. */
  active = 0;
  /** Its open streams (see `exchange`). */
  readonly streams = new Set<ClientHttp2Stream>();
  /** When it became usable (`performance.now()`), 0 before. */
  readyAt = 0;
  /** Why it ended before it was asked to (its socket's error, ALPN's refusal): what its unanswered requests fail of. */
  failure: Error | undefined;
  /** The last stream the server said it takes, and its error code, once GOAWAY came. */
  goaway: { readonly lastStreamId: number; readonly code: number } | undefined;
  /** Its connect and TLS handshake, for the first answer on it when it was opened for a request. */
  opening: { connectMs: number; tlsMs?: number } | undefined;
  private taking = true;
  private closing = false;
  private readonly socket: Socket | TLSSocket;

  constructor(
    private readonly endpoint: H2Endpoint,
    owner: H2Owner,
    preconnected = false,
  ) {
    const openedAt = performance.now();
    const servername = isIP(endpoint.host) ? {} : { servername: endpoint.host };
    this.socket = endpoint.tls
      ? tlsConnect({
          host: endpoint.host,
          port: endpoint.port,
          ALPNProtocols: ['h2'],
          rejectUnauthorized: !endpoint.insecure,
          ...servername,
        })
      : netConnect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    const socket = this.socket;
    socket.setNoDelay(true);
    let connectMs = 0;
    socket.once('connect', () => {
      const at = performance.now();
      connectMs = at - openedAt;
      if (!endpoint.tls) this.readyAt = at;
      if (!preconnected && !endpoint.tls) this.opening = { connectMs };
    });
    if (endpoint.tls)
      socket.once('secureConnect', () => {
        const chose = (socket as TLSSocket).alpnProtocol;
        if (chose !== 'h2') {
          socket.destroy(new NoH2Error(`over TLS it chose ${chose ? chose : 'no protocol'} by ALPN, not h2`));
          return;
        }
        this.readyAt = performance.now();
        if (!preconnected) this.opening = { connectMs, tlsMs: this.readyAt - openedAt - connectMs };
      });
    // Ours first, so the cause is known before the session fails its streams with a wrapper of it.
    socket.on('error', (err) => this.fail(err));
    this.session = h2Connect(endpoint.origin, {
      createConnection: () => socket,
      settings: { enablePush: false },
      peerMaxConcurrentStreams: endpoint.streams,
    });
    const session = this.session;
    session.on('error', (err) => this.fail(err));
    session.once('remoteSettings', () => {
      this.heardSettings = true;
      owner.onRoom(this);
    });
    session.on('goaway', (code: number, lastStreamId: number) => {
      this.goaway = { lastStreamId, code };
      // The server will never answer a stream beyond its last: Node keeps waiting on them; they end
      // here (as GOAWAY's, see h2-exchange), free to go again on another connection.
      for (const stream of this.streams)
        if (stream.id === undefined || stream.id > lastStreamId) stream.close(constants.NGHTTP2_CANCEL);
      this.stopTaking(owner);
      // The streams it took still finish; the connection closes after them.
      this.close(false);
    });
    session.on('close', () => {
      this.stopTaking(owner);
      owner.onClosed(this);
    });
    // Usable once the server's SETTINGS say how many streams it takes: Node would open 100 before
    // them, and a server that takes fewer refuses the rest (REFUSED_STREAM).
    this.ready = new Promise<void>((resolve) => {
      session.once('remoteSettings', () => resolve());
      session.once('close', () => resolve());
    });
  }

  private heardSettings = false;

  /** Whether the server's SETTINGS came: until then a request on it is held, not sent. */
  get isReady(): boolean {
    return this.heardSettings;
  }

  /** Whether it takes one more request now (held until it is ready). */
  get hasRoom(): boolean {
    return this.taking && this.active < this.limit;
  }

  /** The most requests in flight on it: ours, and never more than the server's `SETTINGS_MAX_CONCURRENT_STREAMS`. */
  get limit(): number {
    const theirs = this.heardSettings ? this.session.remoteSettings.maxConcurrentStreams : undefined;
    return theirs === undefined ? this.endpoint.streams : Math.min(this.endpoint.streams, theirs);
  }

  /** Closes it once its requests are answered; with `force`, now (they fail with `reason`). */
  close(force: boolean, reason?: Error): void {
    if (force) {
      if (reason && !this.failure) this.failure = reason;
      this.session.destroy();
      this.socket.destroy();
    } else {
      this.closing = true;
      if (this.streams.size === 0) this.end();
      else if (!this.session.closed) this.session.close();
    }
  }

  /** A stream of it is over; the last one ends a connection that is closing. */
  forget(stream: ClientHttp2Stream): void {
    this.streams.delete(stream);
    if (this.closing && this.streams.size === 0) this.end();
  }

  /**
   * Node's graceful close may wait on the server for ever (measured: a server that sent GOAWAY and
   * nothing more): once nothing is in flight, there is nothing to wait for.
   */
  private end(): void {
    this.session.destroy();
    this.socket.destroy();
  }

  private fail(err: Error & { code?: string }): void {
    if (this.failure) return;
    // By prior knowledge, an HTTP/1.1 server answers the preface with a 400: nghttp2 sees bytes
    // that are no HTTP/2 frame (the socket and the session both say so; the first one heard counts).
    if (err.code === 'ERR_HTTP2_ERROR' && !this.endpoint.tls && !this.heardSettings)
      this.failure = new NoH2Error('over plain TCP (h2c by prior knowledge) it answered in something else');
    // A server that speaks no protocol the client offers by ALPN may say so with an alert (Node's does).
    else if (err.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL')
      this.failure = new NoH2Error('over TLS it refused h2 by ALPN (no_application_protocol)');
    else this.failure = err;
  }

  private stopTaking(owner: H2Owner): void {
    if (!this.taking) return;
    this.taking = false;
    owner.onGone(this);
  }
}
