import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConnectionClosedError, type HttpResponse, RequestTimeoutError, type SendDone } from '../transport.js';
import { HttpParseError } from './http-parse-error.js';
import { ResponseParser } from './response-parser.js';

/**
 * Where and how a connection connects.
 *
 * @example
 * ```ts
 * const e: Endpoint = { host: '127.0.0.1', port: 8080, tls: false, timeoutMs: 10_000, keepBody: false, keepHeaders: false, insecure: false, readBuffer: Buffer.alloc(65536) }
 * ```
 */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly timeoutMs: number;
  readonly keepBody: boolean;
  readonly keepHeaders: boolean;
  /** https: skip certificate verification. */
  readonly insecure: boolean;
  /**
   * The buffer plain sockets read into, shared by every connection of a transport: Node calls
   * `onread` synchronously and the parser copies what it keeps, so one buffer serves all, and
   * 1,000 connections cost no 64 MB of read buffers.
   */
  readonly readBuffer: Buffer;
}

/**
 * What a connection tells its pool.
 *
 * @example
 * ```ts
 * const owner: ConnectionOwner = { onIdle: (c) => idle.push(c), onGone: (c) => forget(c) }
 * ```
 */
export interface ConnectionOwner {
  /** The connection finished a request and may take another. */
  onIdle(connection: H1Connection): void;
  /** The connection is closed for good. */
  onGone(connection: H1Connection): void;
}

function isLineBreaks(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 13 && buf[i] !== 10) return false;
  return true;
}

/**
 * One HTTP/1.1 connection, one request at a time, kept alive between requests.
 *
 * Plain sockets read with `onread` into a shared buffer: no Buffer and no stream event per read
 * (1.25× the request rate of `'data'` events in a bare loop against nginx, measured). TLS
 * sockets read with `'data'`, which they need. One timer per connection, re-armed with
 * `refresh()` at each send, times requests out; no timer is created per request.
 *
 * @example
 * ```ts
 * const c = new H1Connection(endpoint, owner)
 * c.send('GET / HTTP/1.1\r\nhost: x\r\n\r\n', undefined, false, (err, res) => console.log(res?.status))
 * ```
 */
export class H1Connection {
  private readonly socket: Socket;
  private readonly parser: ResponseParser;
  private readonly timer: NodeJS.Timeout;
  private done: SendDone | undefined;
  private gone = false;
  /**
   * Where the request's time goes (performance.now()): when it was written, when its connection
   * was ready (connected, and TLS done), when the answer's first byte came. Three clock reads a
   * request; the phases' whole cost is measured by `npm run bench:wire`.
   */
  private sentAt = 0;
  private readyAt = Number.POSITIVE_INFINITY;
  private firstByteAt = 0;
  /** The connect and handshake times, until the first answer of a connection opened for a request reports them. */
  private opening: { connectMs: number; tlsMs?: number } | undefined;
  /** Settles once the socket is connected, or has failed (the failure shows on first use). */
  readonly ready: Promise<void>;

  /** `preconnected`: opened before the run's start, so no request's answer reports its connect time. */
  constructor(
    private readonly endpoint: Endpoint,
    private readonly owner: ConnectionOwner,
    preconnected = false,
  ) {
    const openedAt = performance.now();
    this.parser = new ResponseParser(endpoint.keepBody, endpoint.keepHeaders);
    const onData = (buf: Buffer, from: number, to: number): void => this.onData(buf, from, to);
    this.socket = endpoint.tls
      ? tlsConnect({
          host: endpoint.host,
          port: endpoint.port,
          ALPNProtocols: ['http/1.1'],
          rejectUnauthorized: !endpoint.insecure,
          ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
        })
      : netConnect({
          host: endpoint.host,
          port: endpoint.port,
          noDelay: true,
          onread: {
            buffer: endpoint.readBuffer,
            callback: (n: number, buf: Uint8Array) => {
              onData(buf as Buffer, 0, n);
              return true;
            },
          },
        });
    if (endpoint.tls) this.socket.on('data', (chunk: Buffer) => onData(chunk, 0, chunk.length));
    this.socket.setNoDelay(true);
    this.socket.once('connect', () => {
      const at = performance.now();
      if (!endpoint.tls) this.readyAt = at;
      if (!preconnected) this.opening = { connectMs: at - openedAt };
    });
    if (endpoint.tls)
      this.socket.once('secureConnect', () => {
        this.readyAt = performance.now();
        if (this.opening) this.opening = { ...this.opening, tlsMs: this.readyAt - openedAt - this.opening.connectMs };
      });
    this.ready = new Promise<void>((resolve) => {
      this.socket.once(endpoint.tls ? 'secureConnect' : 'connect', resolve);
      this.socket.once('close', resolve);
    });
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.onClose());
    this.timer = setTimeout(() => this.onTimer(), endpoint.timeoutMs);
    this.timer.unref();
  }

  /** True while a request is out on it. */
  get busy(): boolean {
    return this.done !== undefined;
  }

  /** Writes a request (head and optional body) and calls `done` with its answer. */
  send(head: string, body: string | Uint8Array | undefined, isHead: boolean, done: SendDone): void {
    this.done = done;
    this.parser.begin(isHead);
    this.timer.refresh();
    this.sentAt = performance.now();
    this.firstByteAt = 0;
    if (typeof body === 'object') {
      // Bytes go as they are, in one segment with the head.
      this.socket.cork();
      this.socket.write(head);
      this.socket.write(body);
      this.socket.uncork();
    } else this.socket.write(body === undefined ? head : head + body);
  }

  /** Closes the connection; a request on it fails with `reason`. */
  destroy(reason?: Error): void {
    if (reason) this.fail(reason);
    else this.close();
  }

  private onData(buf: Buffer, from: number, to: number): void {
    if (!this.done) {
      // Between requests only stray line breaks are harmless (Node ignores them too).
      if (!isLineBreaks(buf, from, to)) this.close();
      return;
    }
    if (this.firstByteAt === 0) this.firstByteAt = performance.now();
    let used: number;
    try {
      used = this.parser.execute(buf, from, to);
      if (this.parser.done && !isLineBreaks(buf, used, to)) throw new HttpParseError('data after the response');
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (this.parser.done) this.complete();
  }

  private complete(): void {
    const p = this.parser;
    const head = p.head;
    const done = this.done;
    this.done = undefined;
    if (!head || !done) return;
    const end = performance.now();
    const ttfbMs = this.firstByteAt - Math.max(this.sentAt, this.readyAt);
    const downloadMs = end - this.firstByteAt;
    const base = p.body
      ? { status: head.status, bytes: p.bodyBytes, body: Buffer.concat(p.body), ttfbMs, downloadMs }
      : { status: head.status, bytes: p.bodyBytes, ttfbMs, downloadMs };
    let res: HttpResponse = head.serverTiming === undefined ? base : { ...base, serverTiming: head.serverTiming };
    if (head.headers) res = { ...res, headers: head.headers };
    if (p.prefix) res = { ...res, bodyPrefix: Buffer.concat(p.prefix) };
    if (head.location !== undefined) res = { ...res, location: head.location };
    // A connection opened for this request: its answer says what opening it took.
    if (this.opening) {
      res = { ...res, ...this.opening };
      this.opening = undefined;
    }
    // Free (or closed) before the caller hears of it, so its next request can take this connection.
    if (p.reusable) this.owner.onIdle(this);
    else this.close();
    done(undefined, res);
  }

  private onTimer(): void {
    // Re-armed at each send, so firing while busy means this request has had its full time.
    if (this.done) this.fail(new RequestTimeoutError(this.endpoint.timeoutMs));
  }

  private onClose(): void {
    if (this.done) {
      try {
        this.parser.finish(); // a body read to the end of the connection is complete now
        this.complete();
      } catch (err) {
        // Cut short by the other side: a closed connection, not a malformed answer.
        this.fail(
          err instanceof HttpParseError
            ? new ConnectionClosedError(err.reason.replace(/^connection closed /, ''))
            : (err as Error),
        );
      }
    }
    this.close();
  }

  private fail(err: Error): void {
    const done = this.done;
    this.done = undefined;
    this.close();
    done?.(err, undefined);
  }

  private close(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    this.socket.destroy();
    this.owner.onGone(this);
  }
}
