// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import {
  constants,
  createSecureServer,
  createServer,
  type Http2SecureServer,
  type Http2Server,
  type ServerHttp2Stream,
} from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { errorKind, type HttpRequest, type HttpResponse, type Transport } from '../../../core/transport/index.js';
import { h2Transport } from './h2-transport.js';

type Answer = { err?: Error; res?: HttpResponse };
const send = (t: Transport, req: HttpRequest): Promise<Answer> =>
  new Promise((resolve) => t.send(req, (err, res) => resolve(err ? { err } : { ...(res ? { res } : {}) })));
const get = (path: string, headers: Record<string, string> = {}): HttpRequest => ({ method: 'GET', path, headers });
const tls = (name: string): Buffer => readFileSync(new URL(`../../../../test/fixtures/tls/${name}`, import.meta.url));

/** A Node HTTP/2 server that counts its sessions and the most streams open on one at once. */
async function h2Server(
  handle: (stream: ServerHttp2Stream, path: string) => void,
  options: { secure?: boolean; maxStreams?: number } = {},
): Promise<{ origin: string; sessions: () => number; peak: () => number; close: () => Promise<void> }> {
  const settings = options.maxStreams === undefined ? {} : { settings: { maxConcurrentStreams: options.maxStreams } };
  const server: Http2Server | Http2SecureServer = options.secure
    ? createSecureServer({ key: tls('key.pem'), cert: tls('cert.pem'), ...settings })
    : createServer(settings);
  let sessions = 0;
  let peak = 0;
  const open = new Map<object, number>();
  server.on('session', (s) => {
    sessions++;
    open.set(s, 0);
  });
  server.on('stream', (stream, headers) => {
    const s = stream.session as object;
    open.set(s, (open.get(s) ?? 0) + 1);
    peak = Math.max(peak, open.get(s) ?? 0);
    stream.on('close', () => open.set(s, (open.get(s) ?? 1) - 1));
    stream.on('error', () => {});
    handle(stream, String(headers[':path']));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${options.secure ? 'https' : 'http'}://127.0.0.1:${port}`,
    sessions: () => sessions,
    peak: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open.keys()) (s as { destroy(): void }).destroy();
        server.close(() => resolve());
      }),
  };
}

const later = (ms: number, stream: ServerHttp2Stream, body: string, headers: Record<string, string> = {}): void => {
  setTimeout(() => {
    if (stream.closed) return;
    stream.respond({ ':status': 200, ...headers });
    stream.end(body);
  }, ms);
};

test('h2c by prior knowledge: 300 requests, 60 at a time, over at most 2 connections of at most 10 streams; answers whole', async () => {
  const server = await h2Server((stream, path) =>
    later(5, stream, `ok ${path}`, { 'server-timing': 'db;dur=2', 'set-cookie': 'a=1' }),
  );
  const t = h2Transport(
    server.origin,
    { connections: 60, timeoutMs: 5000, keepBody: true, keepHeaders: true },
    {
      connections: 2,
      streams: 10,
    },
  );
  const answers: Answer[] = [];
  for (let wave = 0; wave < 5; wave++)
    answers.push(...(await Promise.all(Array.from({ length: 60 }, (_, i) => send(t, get(`/${wave * 60 + i}`))))));
  assert.deepEqual(
    answers.map((a) => a.err?.message),
    answers.map(() => undefined),
  );
  assert.equal(answers[7]?.res?.body?.toString(), 'ok /7');
  assert.equal(answers[7]?.res?.status, 200);
  assert.equal(answers[7]?.res?.bytes, 5);
  assert.equal(answers[7]?.res?.serverTiming, 'db;dur=2');
  assert.deepEqual(
    answers[7]?.res?.headers?.filter(([k]) => k === 'set-cookie'),
    [['set-cookie', 'a=1']],
  );
  assert.ok(
    answers.some((a) => a.res?.connectMs !== undefined),
    'a connection opened for a request says its connect',
  );
  assert.ok((answers[0]?.res?.ttfbMs ?? -1) >= 0);
  assert.equal(server.sessions(), 2, 'two connections, no more');
  assert.ok(server.peak() <= 10, `at most 10 streams at once on one connection; saw ${server.peak()}`);
  assert.equal(server.peak(), 10, 'and the streams are used');
  await t.close();
  await server.close();
});

test("the server's SETTINGS_MAX_CONCURRENT_STREAMS is honoured below --h2-streams", async () => {
  const server = await h2Server((stream) => later(10, stream, 'ok'), { maxStreams: 3 });
  const t = h2Transport(server.origin, { connections: 40, timeoutMs: 5000 }, { connections: 1, streams: 100 });
  await t.preconnect?.(1);
  const answers = await Promise.all(Array.from({ length: 40 }, () => send(t, get('/'))));
  assert.equal(answers.filter((a) => a.res?.status === 200).length, 40);
  assert.ok(server.peak() <= 3, `the server allows 3; saw ${server.peak()}`);
  await t.close();
  await server.close();
});

test('a reset stream is rst_stream; a request refused by GOAWAY goes once more on a new connection, and twice refused is goaway', async () => {
  let goaways = 0;
  const server = await h2Server((stream, path) => {
    if (path === '/rst') stream.close(constants.NGHTTP2_REFUSED_STREAM);
    else if (path === '/goaway') {
      goaways++;
      // The server takes this stream (its id is the last one) and shuts the connection after it.
      stream.session?.goaway(constants.NGHTTP2_NO_ERROR, stream.id ?? 0);
      later(50, stream, 'last');
    } else later(20, stream, 'ok');
  });
  const t = h2Transport(
    server.origin,
    { connections: 10, timeoutMs: 5000, keepBody: true },
    {
      connections: 1,
      streams: 10,
    },
  );
  const rst = await send(t, get('/rst'));
  assert.equal(errorKind(rst.err), 'rst_stream');
  assert.match(rst.err?.message ?? '', /REFUSED_STREAM \(7\)/);
  const first = send(t, get('/goaway'));
  await new Promise((r) => setTimeout(r, 5));
  const after = await Promise.all([send(t, get('/a')), send(t, get('/b'))]);
  const last = await first;
  assert.equal(last.res?.body?.toString(), 'last', 'the stream it took completes');
  assert.equal(goaways, 1);
  // Sent before GOAWAY arrived, beyond its last stream, they go again on a new connection.
  assert.deepEqual(
    after.map((a) => a.res?.status ?? a.err?.message),
    [200, 200],
  );
  assert.equal((await send(t, get('/c'))).res?.status, 200);
  assert.equal(server.sessions(), 2, 'one connection replaces the one that went away');
  await t.close();
  await server.close();
  // A server that shuts every connection at once, having taken no stream.
  const sessions: { goaway(code: number, last: number): void; destroy(): void }[] = [];
  const raw = createServer();
  raw.on('session', (s) => {
    sessions.push(s);
    s.goaway(constants.NGHTTP2_NO_ERROR, 0);
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const u = h2Transport(
    `http://127.0.0.1:${(raw.address() as AddressInfo).port}`,
    { connections: 4, timeoutMs: 5000 },
    { connections: 1, streams: 10 },
  );
  const refused = await send(u, get('/'));
  assert.equal(errorKind(refused.err), 'goaway');
  assert.match(refused.err?.message ?? '', /GOAWAY NO_ERROR \(0\)/);
  assert.equal(sessions.length, 2, 'sent on a second connection, refused on both');
  await u.close();
  for (const s of sessions) s.destroy();
  await new Promise<void>((resolve) => raw.close(() => resolve()));
});

test('over TLS: h2 by ALPN (self-signed, insecure); a server that does not speak h2 is no_h2, over TLS and over h2c', async () => {
  const secure = await h2Server((stream) => later(1, stream, 'secure'), { secure: true });
  const t = h2Transport(
    secure.origin,
    { connections: 4, timeoutMs: 5000, keepBody: true, insecure: true },
    {
      connections: 1,
      streams: 10,
    },
  );
  const a = await send(t, get('/'));
  assert.equal(a.res?.body?.toString(), 'secure');
  assert.ok(
    a.res?.tlsMs !== undefined && a.res.connectMs !== undefined,
    'the handshake is timed apart from the connect',
  );
  await t.close();
  const strict = h2Transport(secure.origin, { connections: 4, timeoutMs: 5000 }, { connections: 1, streams: 10 });
  assert.equal(errorKind((await send(strict, get('/'))).err), 'tls_certificate');
  await strict.close();
  await secure.close();

  const h1s = createHttpsServer({ key: tls('key.pem'), cert: tls('cert.pem') }, (_q, r) => r.end('h1'));
  await new Promise<void>((resolve) => h1s.listen(0, '127.0.0.1', resolve));
  const overTls = h2Transport(
    `https://127.0.0.1:${(h1s.address() as AddressInfo).port}`,
    { connections: 4, timeoutMs: 5000, insecure: true },
    { connections: 1, streams: 10 },
  );
  const refused = await send(overTls, get('/'));
  assert.equal(errorKind(refused.err), 'no_h2');
  assert.match(refused.err?.message ?? '', /ALPN/);
  await overTls.close();
  h1s.close();

  const h1 = createHttpServer((_q, r) => r.end('h1'));
  await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
  const h2c = h2Transport(
    `http://127.0.0.1:${(h1.address() as AddressInfo).port}`,
    { connections: 4, timeoutMs: 5000 },
    { connections: 1, streams: 10 },
  );
  assert.equal(errorKind((await send(h2c, get('/'))).err), 'no_h2');
  await h2c.close();
  h1.close();
});

test('a request unanswered past its timeout fails as timeout and its stream is cancelled; HTTP/1.1 headers are refused', async () => {
  let cancelled = 0;
  const server = await h2Server((stream, path) => {
    if (path === '/never') stream.on('close', () => cancelled++);
    else later(1, stream, 'ok');
  });
  const t = h2Transport(server.origin, { connections: 4, timeoutMs: 200 }, { connections: 1, streams: 10 });
  const started = performance.now();
  const never = await send(t, get('/never'));
  assert.equal(errorKind(never.err), 'timeout');
  assert.ok(performance.now() - started >= 190);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(cancelled, 1, 'the server hears the cancel');
  const bad = await send(t, get('/', { connection: 'keep-alive' }));
  assert.equal(errorKind(bad.err), 'invalid_request');
  assert.equal((await send(t, get('/', { host: 'example.test' }))).res?.status, 200, 'host is the :authority');
  await t.close();
  await server.close();
});
