import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { latencyBucketsSec } from '../metrics/index.js';
import { MAX_DASHBOARD_CLIENTS, startDashboard } from './dashboard-server.js';
import { isLoopback } from './loopback.js';

const info = {
  headline: 'GET http://127.0.0.1:1/ at 10/s for 1s',
  lang: 'en' as const,
  targetRate: 10,
  durationSec: 1,
  bounds: [],
  metrics: { labels: { run_id: 'r1' }, buckets: latencyBucketsSec([170]) },
};

/** A GET with a Host header of our choosing (fetch will not send one); resolves with the status. */
function get(url: string, host: string, path = '/', origin?: string): Promise<{ status: number; close: () => void }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = { host, ...(origin === undefined ? {} : { origin }) };
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      resolve({ status: res.statusCode ?? 0, close: () => res.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

test('loopback names are loopback; others are not', () => {
  for (const h of ['127.0.0.1', 'localhost', '[::1]', '::1', '127.8.9.1', 'LOCALHOST'])
    assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', 'evil.example', '127.0.0.1.evil.example'])
    assert.equal(isLoopback(h), false, h);
});

test('a loopback dashboard answers only to a loopback Host (DNS rebinding), and serves a bounded number of pages', async () => {
  const d = await startDashboard(info, { host: '127.0.0.1', port: 0 });
  try {
    const port = new URL(d.url).port;
    assert.equal((await get(d.url, `127.0.0.1:${port}`)).status, 200);
    assert.equal((await get(d.url, `localhost:${port}`)).status, 200);
    assert.equal((await get(d.url, `evil.example:${port}`)).status, 403);
    assert.equal((await get(d.url, `evil.example:${port}`, '/events')).status, 403);
    // A page of another site reading the run's figures (hostile N38): its browser says whose page asks.
    for (const path of ['/events', '/metrics', '/'])
      assert.equal((await get(d.url, `127.0.0.1:${port}`, path, 'http://evil.example')).status, 403, path);
    const own = await get(d.url, `127.0.0.1:${port}`, '/events', `http://127.0.0.1:${port}`);
    assert.equal(own.status, 200);
    own.close();
    const open = [];
    for (let i = 0; i < MAX_DASHBOARD_CLIENTS; i++) open.push(await get(d.url, `127.0.0.1:${port}`, '/events'));
    assert.ok(open.every((o) => o.status === 200));
    const refused = await get(d.url, `127.0.0.1:${port}`, '/events');
    assert.equal(refused.status, 503);
    for (const o of open) o.close();
  } finally {
    await d.close();
  }
});
