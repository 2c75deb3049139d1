import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import {
  errorKind,
  type HttpResponse,
  h1Transport,
  MAX_KEPT_BODY_BYTES,
  type Transport,
  type TransportOptions,
  undiciTransport,
} from './index.js';

let server: Server;
let origin: string;
const HUGE = 5 * MAX_KEPT_BODY_BYTES;
before(async () => {
  // Sends HUGE bytes (or the bound exactly), in 64 kB writes, as a hostile target would.
  server = createServer((req, res) => {
    let left = req.url === '/huge' ? HUGE : MAX_KEPT_BODY_BYTES;
    const chunk = Buffer.alloc(65536, 120);
    const write = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(chunk.subarray(0, n))) return void res.once('drain', write);
      }
      res.end();
    };
    res.on('close', () => {
      left = 0;
    });
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (t: Transport, path: string): Promise<HttpResponse> =>
  new Promise((resolve, reject) =>
    t.send({ method: 'GET', path, headers: {} }, (err, res) => (err ? reject(err) : resolve(res as HttpResponse))),
  );

for (const [name, make] of [
  ['h1', h1Transport],
  ['undici', undiciTransport],
] as const) {
  test(`${name}: a kept body stops at ${MAX_KEPT_BODY_BYTES} bytes (body_too_large); a counted one has no bound`, async () => {
    const options: TransportOptions = { connections: 2, timeoutMs: 10_000 };
    const keeping = make(origin, { ...options, keepBody: true });
    const err = await send(keeping, '/huge').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(errorKind(err), 'body_too_large');
    // The bound itself is kept whole.
    assert.equal((await send(keeping, '/bound')).body?.length, MAX_KEPT_BODY_BYTES);
    await keeping.close(true);
    const counting = make(origin, options);
    const res = await send(counting, '/huge');
    assert.equal(res.bytes, HUGE);
    assert.equal(res.body, undefined);
    await counting.close(true);
  });
}
