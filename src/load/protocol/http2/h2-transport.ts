import type { ClientHttp2Stream } from 'node:http2';
import { constants } from 'node:http2';
import { Fifo } from '../../../core/run/fifo.js';
import {
  ConnectionClosedError,
  type HttpRequest,
  RequestTimeoutError,
  type SendDone,
  type Transport,
  type TransportOptions,
} from '../../../core/transport/index.js';
import { H2Connection, type H2Endpoint, type H2Owner } from './h2-connection.js';
import { GoawayError } from './h2-errors.js';
import { exchange } from './h2-exchange.js';

/** Why a request held for a connection that went away was never sent. */
function unsent(connection: H2Connection): Error {
  const goaway = connection.goaway;
  return goaway
    ? new GoawayError(goaway.code, 'it had not taken this request')
    : new ConnectionClosedError('before the request was sent');
}

/** How an HTTP/2 transport spreads its requests: over at most `connections`, `streams` at a time on each. */
export interface H2Shape {
  readonly connections: number;
  readonly streams: number;
}

interface Pending {
  readonly request: HttpRequest;
  readonly done: SendDone;
  /** Its answer (or failure) is told: a timeout's, before its stream is over. */
  told: boolean;
  /** Sent again once, after a GOAWAY said the server never took it. */
  resent: boolean;
  stream: ClientHttp2Stream | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * HTTP/2 for a load run: a pool of at most `shape.connections` connections, each carrying up to
 * `shape.streams` requests at once (never more than the server allows), over TLS by ALPN for
 * `https:` or by prior knowledge (h2c) for `http:`. A request goes to the connection with the
 * fewest in flight; a new connection opens while every open one is busy and the pool has room;
 * beyond every slot, requests wait in order. A request's timeout runs from its `send`, waiting
 * included, as the run's latency does; one the server refused unprocessed by GOAWAY is sent once
 * more, on another connection.
 *
 * @example
 * ```ts
 * const t = h2Transport('http://127.0.0.1:8080', { connections: 1000, timeoutMs: 10_000 }, { connections: 10, streams: 100 })
 * t.send({ method: 'GET', path: '/', headers: {} }, (err, res) => console.log(err ?? res?.status))
 * ```
 */
export function h2Transport(origin: string, options: TransportOptions, shape: H2Shape): Transport {
  const url = new URL(origin);
  const tls = url.protocol === 'https:';
  const endpoint: H2Endpoint = {
    origin: url.origin,
    // URL keeps IPv6 hosts in brackets; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || (tls ? 443 : 80)),
    tls,
    insecure: options.insecure ?? false,
    streams: shape.streams,
  };
  const keep = { keepBody: options.keepBody ?? false, keepHeaders: options.keepHeaders ?? false };
  /** The connections that take requests; `all` holds those not yet closed too. */
  const taking: H2Connection[] = [];
  const all = new Set<H2Connection>();
  // The run never has more requests out than `options.connections`: no more can wait.
  const waiting = new Fifo<Pending>(options.connections);
  let closing = false;
  let drained: (() => void) | undefined;

  // Requests given to a connection before its SETTINGS came: sent once they come, or failed with
  // it if it fails first (as a refused connection fails the request it was opened for).
  const held = new Map<H2Connection, Pending[]>();
  const release = (connection: H2Connection): Pending[] => {
    const list = held.get(connection) ?? [];
    held.delete(connection);
    connection.active -= list.length;
    return list.filter((p) => !p.told);
  };

  const owner: H2Owner = {
    onGone(connection) {
      const at = taking.indexOf(connection);
      if (at >= 0) taking.splice(at, 1);
      // Held for it, never sent: they go once more (as a stream GOAWAY refused does), else fail with it.
      for (const p of release(connection)) {
        if (connection.failure) tell(p, connection.failure);
        else if (!p.resent && !closing) {
          p.resent = true;
          waiting.push(p);
        } else tell(p, unsent(connection));
      }
      pump();
    },
    onRoom(connection) {
      for (const p of release(connection))
        if (connection.hasRoom) dispatch(p, connection);
        else waiting.push(p);
      pump();
    },
    onClosed(connection) {
      all.delete(connection);
      if (all.size === 0) drained?.();
      else pump();
    },
  };

  const open = (preconnected: boolean): H2Connection => {
    const connection = new H2Connection(endpoint, owner, preconnected);
    taking.push(connection);
    all.add(connection);
    return connection;
  };

  /** The connection for the next request, opening one while every open one is busy; undefined: every slot is taken. */
  const choose = (): H2Connection | undefined => {
    let best: H2Connection | undefined;
    for (const c of taking) if (c.hasRoom && (!best || c.active < best.active)) best = c;
    // A connection draining after GOAWAY is not counted: its replacement opens at once.
    if ((!best || best.active > 0) && taking.length < shape.connections && !closing) return open(false);
    return best;
  };

  const tell = (p: Pending, err: Error): void => {
    p.told = true;
    clearTimeout(p.timer);
    p.done(err, undefined);
  };

  const dispatch = (p: Pending, connection: H2Connection): void => {
    connection.active++;
    if (!connection.isReady) {
      const list = held.get(connection);
      if (list) list.push(p);
      else held.set(connection, [p]);
      return;
    }
    p.stream = exchange(connection, p.request, keep, (err, res) => {
      connection.active--;
      p.stream = undefined;
      // A stream beyond a GOAWAY's last one was never processed (RFC 9113, 6.8): as every HTTP/2
      // client does, it goes once more on another connection (nginx says GOAWAY after each 1,000
      // requests on a connection by default). Refused twice, it is a failure of kind goaway.
      if (err instanceof GoawayError && !p.resent && !p.told && !closing) {
        p.resent = true;
        const next = choose();
        if (next) dispatch(p, next);
        else waiting.push(p);
        return;
      }
      // Its slot is free before the caller hears, so the caller's next request may take it.
      pump();
      if (!p.told) {
        p.told = true;
        clearTimeout(p.timer);
        p.done(err, res);
      }
    });
  };

  function pump(): void {
    while (waiting.length > 0) {
      const connection = choose();
      if (!connection) return;
      const p = waiting.shift() as Pending;
      if (!p.told) dispatch(p, connection);
    }
  }

  const timeOut = (p: Pending): void => {
    if (p.told) return;
    p.told = true;
    p.done(new RequestTimeoutError(options.timeoutMs), undefined);
    // Its stream stays counted until the server hears of the cancel and it is over.
    p.stream?.close(constants.NGHTTP2_CANCEL);
  };

  return {
    send(request, done) {
      const p: Pending = { request, done, told: false, resent: false, stream: undefined, timer: undefined };
      p.timer = setTimeout(timeOut, options.timeoutMs, p);
      p.timer.unref();
      const connection = waiting.length === 0 ? choose() : undefined;
      if (connection) dispatch(p, connection);
      else if (!waiting.push(p))
        tell(p, new Error(`more than ${options.connections} requests at once: the run's own limit`));
    },
    preconnect(count) {
      const opening: Promise<void>[] = [];
      while (all.size < Math.min(count, shape.connections)) opening.push(open(true).ready);
      return Promise.all(opening).then(() => undefined);
    },
    close(force = false) {
      closing = true;
      if (force)
        for (let p = waiting.shift(); p; p = waiting.shift()) if (!p.told) tell(p, new Error('transport closed'));
      for (const c of [...all]) c.close(force, force ? new Error('transport closed') : undefined);
      if (all.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (drained = resolve));
    },
  };
}
