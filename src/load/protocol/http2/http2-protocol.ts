import { readField, type TypedField } from '../../fields/field.js';
import { integer } from '../../fields/parse-field.js';
import { bindProblems } from '../bind-problems.js';
import { httpProtocol } from '../http-protocol.js';
import type { BoundProtocol, Protocol, ProtocolTransport } from '../protocol.js';
import { h2Transport } from './h2-transport.js';

/** HTTP/2 connections a run opens (shared among its threads and segments, at least one each). */
export const H2_CONNECTIONS: TypedField<number> = {
  key: 'h2Connections',
  flags: '--h2-connections <n>',
  help: 'http2: connections to open, each carrying many requests at once (shared among threads and segments, at least one each)',
  group: 'load',
  fallback: 1,
  parse: (src, bad) => integer(src, 1, bad, 10_000, 'each is a socket and an HTTP/2 session'),
};

/** Requests in flight on one HTTP/2 connection at most; never more than the server's SETTINGS allow. */
export const H2_STREAMS: TypedField<number> = {
  key: 'h2Streams',
  flags: '--h2-streams <n>',
  help: "http2: most requests in flight on one connection (never more than the server's SETTINGS_MAX_CONCURRENT_STREAMS)",
  group: 'load',
  fallback: 100,
  parse: (src, bad) => integer(src, 1, bad, 1_000_000, 'HTTP/2 stream ids run out at 2^31'),
};

/**
 * HTTP/2: plain HTTP's requests and judgement (a load file writes its scenarios as for HTTP/1.1),
 * carried over a pool of multiplexed connections: TLS with ALPN `h2` for `https://`, prior
 * knowledge (h2c) for `http://`. `--protocol http2`, a config's `protocol: http2`, or a
 * scenario's `protocol: { name: 'http2' }`.
 *
 * @example
 * ```ts
 * http2Protocol.bind(ctx)?.transport?.open('http://127.0.0.1:8080', options, (n) => n)
 * ```
 */
export const http2Protocol: Protocol = {
  name: 'http2',
  fields: [H2_CONNECTIONS, H2_STREAMS],
  bind(ctx) {
    const problems = bindProblems(ctx);
    const connections = readField(H2_CONNECTIONS, ctx.get, problems.bad);
    const streams = readField(H2_STREAMS, ctx.get, problems.bad);
    problems.refuse('http2', [
      ['client', 'it sends over its own HTTP/2 client; --client chooses an HTTP/1.1 one: leave it out'],
    ]);
    if (problems.any || connections === undefined || streams === undefined) return undefined;
    const transport: ProtocolTransport = {
      version: 'HTTP/2',
      open: (origin, options, share) =>
        h2Transport(origin, options, { connections: Math.max(1, share(connections)), streams }),
    };
    const plain = httpProtocol.bind(ctx) as BoundProtocol;
    return { ...plain, name: 'http2', transport, plainHttp: true };
  },
};
