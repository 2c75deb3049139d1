import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
// @ts-expect-error: the example server is plain JavaScript, as a user would run it.
import { startH2Server } from '../examples/load/h2-server.mjs';
import { InvalidInputError } from '../src/core/errors/index.js';
import { loadTest, run } from '../src/index.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { type Nginx, startNginx } from './helpers/nginx.js';
import { readSummary } from './helpers/verdict.js';

const work = await mkdtemp(join(tmpdir(), 'lptf-h2-'));
let nginx: Nginx;
before(async () => {
  nginx = await startNginx(join(work, 'nginx'));
});
after(async () => {
  await nginx?.stop();
  await rm(work, { recursive: true, force: true });
});

test("nginx over h2c and over TLS by ALPN: the server's count is sent, every request HTTP/2, on the connections asked", async () => {
  for (const [name, url, extra] of [
    ['h2c', nginx.h2c, []],
    ['h2', nginx.h2, ['--insecure']],
  ] as const) {
    const out = join(work, name);
    const run = await lptf([
      'run',
      url,
      '--protocol',
      'http2',
      '-r',
      '300',
      '-d',
      '1s',
      '--h2-connections',
      '2',
      '-q',
      '-o',
      out,
      ...extra,
    ]);
    assert.equal(run.code, 0, `${name}: ${run.stderr}${run.stdout}`);
    const result = await readSummary(out);
    const logged = await nginx.logged();
    assert.equal(result.requests.sent, 300, name);
    assert.equal(result.requests.ok, 300, name);
    assert.equal(logged.length, result.requests.sent, `${name}: nginx logged every request sent, and no more`);
    assert.deepEqual([...new Set(logged.map((l) => l.protocol))], ['HTTP/2.0'], name);
    assert.ok(new Set(logged.map((l) => l.connection)).size <= 2, `${name}: at most 2 connections`);
    assert.match(run.stdout + (await readFile(join(out, 'report.md'), 'utf8')), /protocol http2/);
  }
});

test('1,000/s open model on 10 connections × 100 streams: nginx sees every request on at most 10 connections', {
  skip: firstNodeOnly,
}, async () => {
  const out = join(work, 'wide');
  const run = await lptf([
    'run',
    nginx.h2c,
    '--protocol',
    'http2',
    '-r',
    '1000',
    '-d',
    '3s',
    '--h2-connections',
    '10',
    '--h2-streams',
    '100',
    '-q',
    '-o',
    out,
  ]);
  // On two busy cores the generator may fall behind: the run then says so (exit 3), but what it sent arrived.
  assert.ok(run.code === 0 || run.code === 3, run.stderr);
  const result = await readSummary(out);
  const logged = await nginx.logged();
  assert.equal(result.requests.sent, 3000);
  assert.equal(logged.length, result.requests.sent);
  assert.equal(result.requests.failed, 0);
  const connections = new Set(logged.map((l) => l.connection)).size;
  assert.ok(connections <= 10 && connections >= 2, `${connections} connections`);
});

test("nginx's GOAWAY after each 1,000 requests on a connection: the requests it did not take go again, none fails", {
  skip: firstNodeOnly,
}, async () => {
  const out = join(work, 'cycling');
  const run = await lptf(['run', nginx.h2cCycling, '--protocol', 'http2', '-r', '1000', '-d', '2.5s', '-q', '-o', out]);
  assert.ok(run.code === 0 || run.code === 3, run.stderr);
  const result = await readSummary(out);
  const logged = await nginx.logged();
  assert.equal(result.requests.sent, 2500);
  assert.equal(result.requests.failed, 0, JSON.stringify(result.errors) + run.stderr);
  assert.equal(logged.length, 2500, 'each request processed once');
  assert.ok(new Set(logged.map((l) => l.connection)).size >= 3, 'one connection after another');
});

test('the HTTP/2 example load file against its server: each scenario as counted by the server, checks judged; --debug speaks HTTP/2', async () => {
  const server = await startH2Server();
  try {
    const out = join(work, 'example');
    const env = { LPTF_URL: server.url };
    const run = await lptf(['run', 'examples/load/http2.load.ts', '-d', '2s', '-q', '-o', out], { env });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const result = await readSummary(out);
    const seen = server.seen();
    assert.equal(seen.requests['GET /items'], result.groups?.['list']?.requests.sent);
    assert.equal(seen.requests['POST /items'], result.groups?.['add']?.requests.sent);
    assert.equal((seen.requests['GET /items'] ?? 0) + (seen.requests['POST /items'] ?? 0), 400);
    assert.ok(seen.connections <= 2, `${seen.connections} connections`);
    const debug = await lptf(['run', 'examples/load/http2.load.ts', '--debug', '1'], { env });
    assert.equal(debug.code, 0, debug.stderr);
    assert.match(debug.stdout, />>> POST \/items HTTP\/2\n/);
    assert.match(debug.stdout, /<<< 201 Created/);
  } finally {
    await server.close();
  }
});

test('from the library: two scenarios naming http2 alike share one client; a second client, mixed clients and bad options are refused before any traffic', async () => {
  const server = await startH2Server();
  try {
    const result = await run(
      loadTest({
        url: server.url,
        rate: 100,
        duration: '1s',
        protocolOptions: { h2Connections: 1 },
        scenarios: {
          list: { protocol: { name: 'http2' }, request: { path: '/items' } },
          add: {
            protocol: { name: 'http2' },
            request: () => ({ method: 'POST', path: '/items', body: { name: 'x' } }),
          },
        },
      }),
    );
    assert.equal(result.requests.ok, 100);
    assert.equal(result.target.protocol, 'http2');
    assert.equal(server.seen().connections, 1, 'one client, one connection');
  } finally {
    await server.close();
  }
  const problems = async (options: Parameters<typeof run>[0]): Promise<string[]> => {
    const err = await run(options).then(
      () => assert.fail('expected the plan to be refused'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InvalidInputError, String(err));
    return err.problems.map((p) => `${p.where}: ${p.message}`);
  };
  const url = 'http://127.0.0.1:9/';
  assert.deepEqual(await problems({ url, protocol: 'http2', client: 'undici', protocolOptions: { h2Streams: 0 } }), [
    'options.protocolOptions.h2Streams: must be a whole number >= 1; got "0"',
    'options.client: http2: it sends over its own HTTP/2 client; client chooses an HTTP/1.1 one: leave it out',
  ]);
  const mixed = await problems(
    loadTest({
      url,
      scenarios: {
        a: { request: { path: '/' } },
        b: { protocol: { name: 'http2' }, request: { path: '/' } },
        c: { protocol: { name: 'http2', options: { h2Streams: 5 } }, request: { path: '/' } },
      },
    }),
  );
  assert.equal(mixed.length, 1, mixed.join('\n'));
  assert.match(
    mixed[0] ?? '',
    /the scenarios go over http \(a\) and http2 \(b\) and http2 \(c\): a run sends over one client/,
  );
});
