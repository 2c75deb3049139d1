// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { MAX_KEPT_BODY_BYTES, sideClient } from './index.js';

let server: Server;
let port: number;
const seen: { method: string; url: string; authorization?: string; body: Buffer; socket: unknown }[] = [];
before(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body: Buffer.concat(chunks),
        socket: req.socket,
      });
      if (req.url === '/huge') return void res.end(Buffer.alloc(MAX_KEPT_BODY_BYTES + 1, 120));
      if (req.url === '/hang') return;
      res.writeHead(req.method === 'POST' ? 204 : 200).end(req.method === 'POST' ? undefined : 'node_load1 0.5\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

test('bytes go as they are, on one kept connection; URL credentials are Basic authorization', async () => {
  seen.length = 0;
  const client = sideClient(`http://us%3Aer:p%40ss@127.0.0.1:${port}/api/v1/write`, 2_000);
  const body = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256); // not UTF-8
  assert.deepEqual(await client.request('/api/v1/write', { body }), { status: 204, text: '' });
  assert.deepEqual(await client.request('/metrics?collect[]=cpu'), { status: 200, text: 'node_load1 0.5\n' });
  await client.close();
  assert.deepEqual(
    seen.map((s) => [s.method, s.url, s.authorization]),
    [
      ['POST', '/api/v1/write', `Basic ${Buffer.from('us:er:p@ss').toString('base64')}`],
      ['GET', '/metrics?collect[]=cpu', `Basic ${Buffer.from('us:er:p@ss').toString('base64')}`],
    ],
  );
  assert.deepEqual(seen[0]?.body, Buffer.from(body));
  assert.equal(seen[0]?.socket, seen[1]?.socket, 'one connection, kept alive');
});

test('an answer over the bound, no answer in time, a refused connection: each rejects, with what happened', async () => {
  const client = sideClient(`http://127.0.0.1:${port}`, 300);
  await assert.rejects(client.request('/huge'), { code: 'LPTF_BODY_TOO_LARGE' });
  await assert.rejects(client.request('/hang'), { code: 'LPTF_TIMEOUT' });
  await client.close(true);
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  const closed = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
  await assert.rejects(sideClient(`http://127.0.0.1:${closed}`, 300).request('/'), /connect ECONNREFUSED/);
});

test('close(true) fails a request still out at once', async () => {
  const client = sideClient(`http://127.0.0.1:${port}`, 10_000);
  const hung = client.request('/hang');
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await client.close(true);
  await assert.rejects(hung, /transport closed/);
  assert.ok(performance.now() - started < 1_000);
});
