import type { HttpRequest, SendDone, Transport, TransportOptions } from '../transport.js';
import { type ConnectionOwner, type Endpoint, H1Connection } from './h1-connection.js';
import { RequestHeads } from './request-head.js';

interface Waiting {
  readonly request: HttpRequest;
  readonly done: SendDone;
}

const READ_BUFFER_BYTES = 64 * 1024;

/**
 * lptf's own HTTP/1.1 client: a pool of keep-alive connections over `net` (or `tls` for
 * https), one request per connection at a time (no pipelining), opened as needed up to
 * `connections`. It exists because CPU per request is what a generator sharing the machine
 * with its target must keep low: against nginx on loopback it needs well under half the CPU
 * per request of an undici `Pool` (see bench/RESULTS.md). undici stays available
 * (`--client undici`) for what this one does not do.
 *
 * @example
 * ```ts
 * const t = h1Transport('http://127.0.0.1:8080', { connections: 50, timeoutMs: 10_000 })
 * t.send({ method: 'GET', path: '/', headers: {} }, (err, res) => console.log(err ?? res?.status))
 * ```
 */
export function h1Transport(origin: string, options: TransportOptions): Transport {
  const url = new URL(origin);
  const tls = url.protocol === 'https:';
  const endpoint: Endpoint = {
    // URL keeps IPv6 hosts in brackets; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || (tls ? 443 : 80)),
    tls,
    timeoutMs: options.timeoutMs,
    keepBody: options.keepBody ?? false,
    keepHeaders: options.keepHeaders ?? false,
    insecure: options.insecure ?? false,
    readBuffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
  };
  const heads = new RequestHeads(url.host);
  const idle: H1Connection[] = [];
  const all = new Set<H1Connection>();
  // Rarely used: a load run never has more requests out than connections; a plain array will do.
  const waiting: Waiting[] = [];
  let closing = false;
  let drained: (() => void) | undefined;

  const dispatch = (connection: H1Connection, request: HttpRequest, done: SendDone): void => {
    let head: string;
    try {
      head = heads.head(request, request.body === undefined ? 0 : Buffer.byteLength(request.body));
    } catch (err) {
      owner.onIdle(connection);
      done(err as Error, undefined);
      return;
    }
    connection.send(head, request.body, request.method === 'HEAD', done);
  };

  const owner: ConnectionOwner = {
    onIdle(connection) {
      const next = waiting.shift();
      if (next) dispatch(connection, next.request, next.done);
      else if (closing) connection.destroy();
      else idle.push(connection);
    },
    onGone(connection) {
      all.delete(connection);
      const at = idle.lastIndexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      // A request waiting for a connection gets a new one in place of the closed one.
      const next = closing ? undefined : waiting.shift();
      if (next) send(next.request, next.done);
      if (all.size === 0) drained?.();
    },
  };

  function send(request: HttpRequest, done: SendDone): void {
    // The most recently freed connection first: its socket and buffers are warm.
    let connection = idle.pop();
    if (!connection && all.size < options.connections) {
      connection = new H1Connection(endpoint, owner);
      all.add(connection);
    }
    if (connection) dispatch(connection, request, done);
    else waiting.push({ request, done });
  }

  return {
    send,
    preconnect(count) {
      const opening: Promise<void>[] = [];
      while (all.size < Math.min(count, options.connections)) {
        const connection = new H1Connection(endpoint, owner, true);
        all.add(connection);
        idle.push(connection);
        opening.push(connection.ready);
      }
      return Promise.all(opening).then(() => undefined);
    },
    close(force = false) {
      closing = true;
      for (const c of [...idle]) c.destroy();
      if (force) for (const c of [...all]) c.destroy(new Error('transport closed'));
      if (all.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (drained = resolve));
    },
  };
}
