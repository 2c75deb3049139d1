// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { errorKind, type HttpRequest, type HttpResponse, type Transport } from '../index.js';
import { h1Transport } from './h1-transport.js';

const send = (t: Transport, req: HttpRequest): Promise<HttpResponse> =>
  new Promise((resolve, reject) => t.send(req, (err, res) => (err ? reject(err) : resolve(res as HttpResponse))));
const get = (path: string, headers: Record<string, string> = {}): HttpRequest => ({ method: 'GET', path, headers });
const originOf = (s: HttpServer | Server): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

let http: HttpServer;
const sockets = new Set<string>();
before(async () => {
  http = createHttpServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path === '/chunked') {
        res.write('hel');
        setTimeout(() => res.end('lo'), 10);
      } else if (path === '/close') res.setHeader('connection', 'close').end('bye');
      else if (path === '/204') res.writeHead(204).end();
      else if (path === '/timing') res.setHeader('server-timing', 'db;dur=3').end('t');
      else if (path === '/slow') setTimeout(() => res.end('late'), 300);
      else if (path === '/echo')
        res.end(
          `${req.method} ${req.headers['host']} ${req.headers['content-length'] ?? '-'} ${Buffer.concat(body).toString()}`,
        );
      else if (path === '/continue') {
        res.writeContinue();
        res.end('after 100');
      } else res.end('ok');
    });
  });
  http.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
});
after(() => new Promise<void>((resolve) => http.close(() => resolve())));

test('keep-alive: 200 requests one after another reuse one connection; bodies are counted and kept on request', async () => {
  sockets.clear();
  const t = h1Transport(originOf(http), { connections: 4, timeoutMs: 2000, keepBody: true });
  for (let i = 0; i < 200; i++) assert.equal((await send(t, get('/'))).body?.toString(), 'ok');
  assert.equal(sockets.size, 1);
  const echo = await send(t, {
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'text/plain' },
    body: 'héllo',
  });
  assert.equal(echo.body?.toString(), `POST 127.0.0.1:${(http.address() as AddressInfo).port} 6 héllo`);
  assert.equal(echo.bytes, echo.body?.length);
  await t.close();
});

test('requests at once spread over the connections, never more than allowed', async () => {
  sockets.clear();
  const t = h1Transport(originOf(http), { connections: 3, timeoutMs: 2000 });
  const all = await Promise.all(Array.from({ length: 30 }, () => send(t, get('/'))));
  assert.ok(all.every((r) => r.status === 200 && r.bytes === 2 && r.body === undefined));
  assert.equal(sockets.size, 3);
  await t.close();
});

test('chunked bodies, Connection: close, 204, 100 Continue and Server-Timing', async () => {
  const t = h1Transport(originOf(http), { connections: 1, timeoutMs: 2000, keepBody: true });
  assert.equal((await send(t, get('/chunked'))).body?.toString(), 'hello');
  sockets.clear();
  assert.equal((await send(t, get('/close'))).body?.toString(), 'bye');
  assert.equal((await send(t, get('/'))).status, 200); // on a new connection, as the old one closed
  assert.equal(sockets.size, 2);
  const { status, bytes, body } = await send(t, get('/204'));
  assert.deepEqual({ status, bytes, body }, { status: 204, bytes: 0, body: Buffer.alloc(0) });
  assert.equal((await send(t, get('/continue'))).body?.toString(), 'after 100');
  assert.equal((await send(t, get('/timing'))).serverTiming, 'db;dur=3');
  const head = await send(t, { method: 'HEAD', path: '/', headers: {} });
  assert.deepEqual([head.status, head.bytes], [200, 0]);
  assert.equal((await send(t, get('/'))).body?.toString(), 'ok'); // the connection survived the HEAD
  await t.close();
});

test('a request not answered in time fails as timeout, and the transport goes on', async () => {
  const t = h1Transport(originOf(http), { connections: 1, timeoutMs: 100 });
  const started = performance.now();
  await assert.rejects(send(t, get('/slow')), (e) => errorKind(e) === 'timeout');
  const waited = performance.now() - started;
  assert.ok(waited >= 99 && waited < 250, `timed out after ${waited} ms`);
  assert.equal((await send(t, get('/'))).status, 200);
  await t.close();
});

test('a request that cannot be written fails alone as invalid_request', async () => {
  const t = h1Transport(originOf(http), { connections: 1, timeoutMs: 1000 });
  await assert.rejects(send(t, get('/', { 'x-a': 'a\r\nx-b: smuggled' })), (e) => errorKind(e) === 'invalid_request');
  await assert.rejects(send(t, get('/a b\r\n')), (e) => errorKind(e) === 'invalid_request');
  assert.equal((await send(t, get('/'))).status, 200);
  await t.close();
});

/** A raw server that answers each request with `reply` and then, if `hangUp`, closes the connection. */
async function rawServer(reply: string, hangUp: boolean): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', () => (hangUp ? socket.end(reply) : socket.write(reply)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('broken answers fail with their kind: cut short, garbage, refused, closed before answering', async () => {
  const cut = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', true);
  const t = h1Transport(originOf(cut), { connections: 1, timeoutMs: 1000 });
  await assert.rejects(send(t, get('/')), (e) => errorKind(e) === 'closed');
  await t.close(true);
  cut.close();

  const garbage = await rawServer('SMTP ready\r\n\r\n', false);
  const g = h1Transport(originOf(garbage), { connections: 1, timeoutMs: 1000 });
  await assert.rejects(send(g, get('/')), (e) => errorKind(e) === 'bad_response');
  await g.close(true);
  garbage.close();

  const closer = await rawServer('', true);
  const c = h1Transport(originOf(closer), { connections: 1, timeoutMs: 1000 });
  await assert.rejects(send(c, get('/')), (e) => errorKind(e) === 'closed');
  await c.close(true);
  const port = (closer.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closer.close(() => resolve()));
  const refused = h1Transport(`http://127.0.0.1:${port}`, { connections: 1, timeoutMs: 1000 });
  await assert.rejects(send(refused, get('/')), (e) => errorKind(e) === 'refused');
  await refused.close(true);
});

test('close(true) fails what is in flight at once; close() waits for it', async () => {
  const t = h1Transport(originOf(http), { connections: 2, timeoutMs: 5000 });
  const slow = send(t, get('/slow'));
  await new Promise((r) => setTimeout(r, 20));
  await t.close(true);
  await assert.rejects(slow);
  const u = h1Transport(originOf(http), { connections: 2, timeoutMs: 5000 });
  const answered = send(u, get('/slow'));
  await new Promise((r) => setTimeout(r, 20));
  await u.close();
  assert.equal((await answered).status, 200);
});

test('https: a self-signed certificate fails as tls_certificate, unless insecure; then keep-alive as over plain TCP', async () => {
  const tls = (name: string): Buffer => readFileSync(new URL(`../../../../test/fixtures/tls/${name}`, import.meta.url));
  const seen = new Set<number | undefined>();
  const server = createHttpsServer({ key: tls('key.pem'), cert: tls('cert.pem') }, (req, res) => {
    seen.add(req.socket.remotePort);
    res.end(`secure ${req.headers['host']}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const strict = h1Transport(origin, { connections: 1, timeoutMs: 2000 });
  await assert.rejects(send(strict, get('/')), (e) => errorKind(e) === 'tls_certificate');
  await strict.close(true);
  const insecure = h1Transport(origin, { connections: 1, timeoutMs: 2000, keepBody: true, insecure: true });
  const answers: HttpResponse[] = [];
  for (let i = 0; i < 5; i++) answers.push(await send(insecure, get('/')));
  for (const a of answers)
    assert.equal(a.body?.toString(), `secure 127.0.0.1:${(server.address() as AddressInfo).port}`);
  assert.equal(seen.size, 1);
  // The connection was opened for the first request: its answer alone reports the connect and the handshake.
  assert.ok((answers[0]?.connectMs ?? -1) >= 0 && (answers[0]?.tlsMs ?? -1) > 0, JSON.stringify(answers[0]));
  assert.ok(answers.slice(1).every((a) => a.connectMs === undefined && a.tlsMs === undefined));
  await insecure.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('each answer says where its time went: time to first byte and download; connect only on a connection opened for it', async () => {
  const t = h1Transport(originOf(http), { connections: 2, timeoutMs: 2000 });
  await t.preconnect?.(1);
  // The preconnected connection reports no connect; a second one, opened for a request, does.
  const [slow, chunked] = await Promise.all([send(t, get('/slow')), send(t, get('/chunked'))]);
  assert.ok((slow.ttfbMs ?? 0) >= 290 && (slow.downloadMs ?? 1) < 50, JSON.stringify(slow));
  assert.equal(slow.connectMs, undefined);
  // The body's second half is written 10 ms after its first: a timer counts from its loop's
  // cached time, up to a millisecond or so before the write (Node 24 in CI: 3.99 ms of a 5 ms pause).
  assert.ok((chunked.downloadMs ?? 0) >= 8, JSON.stringify(chunked));
  assert.ok((chunked.connectMs ?? -1) >= 0, JSON.stringify(chunked));
  assert.equal(chunked.tlsMs, undefined);
  await t.close();
});

test('a path with a space or a control byte, or a header value with a control byte, is refused before it is sent (N28, R14)', async () => {
  const t = h1Transport(originOf(http), { connections: 2, timeoutMs: 2000 });
  const refused = (req: HttpRequest): Promise<string> =>
    new Promise((resolve) => t.send(req, (err) => resolve(errorKind(err))));
  assert.equal(await refused(get('/search?q=a b')), 'invalid_request');
  assert.equal(await refused(get('/a\u0001b')), 'invalid_request');
  assert.equal(await refused(get('/', { 'x-a': 'a\u0001b' })), 'invalid_request');
  assert.equal((await send(t, get('/search?q=a%20b', { 'x-a': 'a\tb' }))).status, 200, 'encoded, and a tab, go');
  await t.close();
});
