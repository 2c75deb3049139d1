// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// The timing middlewares in real servers on loopback: node:http, Express, Fastify and Koa each
// send a valid Server-Timing header with the handler's phases and a total.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {
  fastifyServerTiming,
  koaServerTiming,
  parseServerTiming,
  serverTiming,
  sessionTiming,
  timerOf,
} from '../src/timing/index.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The handler every framework runs: a 15 ms "db" phase, then a 5 ms "render" phase. */
async function work(timerHolder: object): Promise<string> {
  await sleep(15);
  timerOf(timerHolder)?.phaseEnd('db');
  await sleep(5);
  timerOf(timerHolder)?.phaseEnd('render page');
  return 'ok';
}

async function checkTimings(url: string, expectOrigin?: string): Promise<void> {
  const res = await fetch(url);
  assert.equal(await res.text(), 'ok');
  const header = res.headers.get('server-timing');
  assert.ok(header, 'a Server-Timing header');
  const parsed = parseServerTiming(header);
  assert.equal(parsed.malformed, false, header);
  assert.deepEqual(
    parsed.metrics.map((m) => m.name),
    ['db', 'render_page', 'total'],
  );
  const [db, render, total] = parsed.metrics.map((m) => m.durMs) as [number, number, number];
  assert.ok(db >= 14 && render >= 4 && total >= db + render, header);
  assert.equal(parsed.metrics[1]!.desc, 'render page');
  assert.equal(res.headers.get('timing-allow-origin'), expectOrigin ?? null);
}

test('node:http: one function, whether the handler calls writeHead, end or streams', async () => {
  const timing = serverTiming();
  const server = createServer(async (req, res) => {
    timing(req, res);
    const body = await work(req);
    if (req.url === '/stream') {
      res.write(body.slice(0, 1));
      res.end(body.slice(1));
    } else res.end(body);
  });
  const url = await listen(server);
  try {
    await checkTimings(`${url}/`);
    await checkTimings(`${url}/stream`);
  } finally {
    server.close();
  }
});

test('Express, with Timing-Allow-Origin when asked for', async () => {
  const app = express();
  app.use(serverTiming({ allowOrigin: 'https://app.example' }));
  app.get('/', async (req, res) => void res.send(await work(req)));
  const server = createServer(app);
  const url = await listen(server);
  try {
    await checkTimings(url, 'https://app.example');
  } finally {
    server.close();
  }
});

test('Fastify plugin', async () => {
  const app = Fastify();
  await app.register(fastifyServerTiming, {});
  app.get('/', async (request) => work(request));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await checkTimings(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`);
  } finally {
    await app.close();
  }
});

test('Koa middleware', async () => {
  const app = new Koa();
  app.use(koaServerTiming());
  app.use(async (ctx) => {
    ctx.body = await work(ctx);
  });
  const server = createServer(app.callback());
  const url = await listen(server);
  try {
    await checkTimings(url);
  } finally {
    server.close();
  }
});

/**
 * A server whose every page is a phase of its session (`page <path>`), and `/end` ends the
 * session's test as `lastPage`; each page works `workMs` before it first asks for the timer.
 */
function sessionServer(sessions: ReturnType<typeof sessionTiming>, lastPage: string, workMs: number) {
  return createServer((req, res) => {
    sessions.middleware(req, res, async () => {
      if (workMs > 0) await sleep(workMs);
      const t = sessions.timerOf(req)!;
      if (req.url === '/end') t.end(lastPage);
      else t.phaseEnd(`page ${req.url?.slice(1)}`);
      res.end('ok');
    });
  });
}

test('a session timer spans requests, serves its phases, and stays bounded', async () => {
  const sessions = sessionTiming({ route: '/_lptf/session', maxSessions: 3, idleTtlMs: 60_000 });
  const server = sessionServer(sessions, 'page 3', 0);
  const url = await listen(server);
  try {
    const first = await fetch(`${url}/1`);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    assert.match(cookie, /^lptf_session=[\w-]{36}$/);
    await sleep(20);
    await fetch(`${url}/2`, { headers: { cookie } });
    const live = (await (await fetch(`${url}/_lptf/session`, { headers: { cookie } })).json()) as {
      current: { phases: { name: string; wallMs: number }[] };
    };
    assert.deepEqual(
      live.current.phases.map((p) => p.name),
      ['page 1', 'page 2'],
    );
    assert.ok(live.current.phases[1]!.wallMs >= 19, 'page 2 took the 20 ms between the requests');
    await fetch(`${url}/end`, { headers: { cookie } });
    const done = (await (await fetch(`${url}/_lptf/session`, { headers: { cookie } })).json()) as {
      current: { ended: boolean };
      previous: { phases: unknown[] } | null;
    };
    assert.equal(done.current.ended, true);
    const page = await fetch(`${url}/_lptf/session/page`, { headers: { cookie } });
    assert.match(await page.text(), /lptf session timer/);
    // Six more sessions: only the three most recently seen are kept.
    for (let i = 0; i < 6; i++) await fetch(`${url}/1`);
    assert.deepEqual(sessions.stats(), { sessions: 3, evicted: 4 });
  } finally {
    server.close();
  }
});

test("a session's first page is timed from its arrival, and so is the first page after an end, though the handler asks for the timer late", async () => {
  const sessions = sessionTiming();
  // 60 ms of the page's work before the handler first asks for the timer.
  const server = sessionServer(sessions, 'paid', 60);
  const url = await listen(server);
  try {
    const first = await fetch(`${url}/1`);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const page1 = sessions.timerOf({ headers: { cookie } } as never)!.result().phases[0]!;
    assert.ok(page1.name === 'page 1' && page1.wallMs >= 59, `the first page: ${page1.wallMs} ms`);
    await fetch(`${url}/end`, { headers: { cookie } });
    await sleep(30);
    await fetch(`${url}/again`, { headers: { cookie } });
    const t = sessions.timerOf({ headers: { cookie } } as never)!.result();
    assert.deepEqual(
      t.phases.map((p) => p.name),
      ['page again'],
    );
    assert.ok(
      t.phases[0]!.wallMs >= 59 && t.phases[0]!.wallMs < 500,
      `the page after the end: ${t.phases[0]!.wallMs} ms`,
    );
  } finally {
    server.close();
  }
});

test('an idle session is forgotten after its TTL', async () => {
  const sessions = sessionTiming({ key: (req) => req.headers['x-user'] as string | undefined, idleTtlMs: 30 });
  const req = (user: string) => ({ headers: { 'x-user': user } }) as never;
  sessions.timerOf(req('a'))!.phaseEnd('one');
  assert.equal(sessions.stats().sessions, 1);
  await sleep(50);
  assert.deepEqual(sessions.stats(), { sessions: 0, evicted: 1 });
  assert.equal(sessions.timerOf(req('a'))!.result().phases.length, 0, 'a fresh timer');
  assert.equal(sessions.timerOf({ headers: {} } as never), undefined, 'no key, no timer');
});
