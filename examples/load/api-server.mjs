// A small JSON API for examples/load/api.load.ts: a list of items, an item by id, and a search.
// Run it with `node examples/load/api-server.mjs` (port 8080, or PORT); tests start it themselves
// with `startApiServer`, to count what arrives and to slow it down for a while.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const ITEMS = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}`, price: 1 + ((i * 7) % 20) }));

/**
 * Starts the API on 127.0.0.1. `slowForMs`: answers are held `slowMs` for that long after the
 * first request (a service that is slow while it warms up); `onRequest(t, method, path)` hears
 * each arrival, `t` in ms after the first.
 * @param {{ port?: number, slowForMs?: number, slowMs?: number, onRequest?: (t: number, method: string, path: string) => void }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startApiServer(options = {}) {
  let first;
  const server = createServer((req, res) => {
    const now = performance.now();
    first ??= now;
    const t = now - first;
    options.onRequest?.(t, req.method ?? 'GET', req.url ?? '/');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const [status, body] = answer(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString());
      const send = () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (t < (options.slowForMs ?? 0)) setTimeout(send, options.slowMs ?? 200);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** @returns {[number, unknown]} */
function answer(method, url, text) {
  const { pathname, searchParams } = new URL(url, 'http://api');
  if (method === 'GET' && pathname === '/items') {
    const page = Number(searchParams.get('page') ?? 1);
    return [200, { page, items: ITEMS.slice(((page - 1) % 5) * 10, ((page - 1) % 5) * 10 + 10) }];
  }
  const item = /^\/items\/(\d+)$/.exec(pathname);
  if (method === 'GET' && item) {
    const found = ITEMS.find((i) => i.id === Number(item[1]));
    return found ? [200, found] : [404, { error: 'no such item' }];
  }
  if (method === 'POST' && pathname === '/search') {
    let q = '';
    try {
      q = String(JSON.parse(text).q ?? '');
    } catch {
      return [400, { error: 'the body must be JSON: { "q": "…" }' }];
    }
    return [200, { q, hits: ITEMS.filter((i) => i.name.includes(q) || String(i.price) === q).slice(0, 5) }];
  }
  return [404, { error: 'not found' }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startApiServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`api on ${url}: GET /items?page=n, GET /items/:id, POST /search {"q": "…"}`);
}
