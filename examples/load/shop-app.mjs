// A small Express shop for examples/load/login.load.ts: log in (a session cookie and a cart),
// search the products, add one to your cart. Every page but the login needs the session.
// Run it with `node examples/load/shop-app.mjs` (port 8081, or PORT); tests start it themselves
// with `startShopApp`, to see each request and to break the login on purpose.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import express from 'express';

const PRODUCTS = ['green tea', 'black tea', 'oolong tea', 'coffee beans', 'tea cups', 'coffee mug'].map((name, i) => ({
  id: i + 1,
  name,
}));

/**
 * Starts the shop on 127.0.0.1. `login`: `ok`; `refuse` (every login answers 401); `no-cookie`
 * (the login answers 200 but sets no session). `onRequest({ t, end, method, path, cart })` hears
 * each request as it is answered: `t` when it came and `end` when its answer went, in ms on this
 * process's clock; `cart` the session's cart (a login's: the one it made), one per login.
 * @param {{ port?: number, login?: 'ok' | 'refuse' | 'no-cookie', onRequest?: (r: { t: number, end: number, method: string, path: string, cart: string | undefined }) => void }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startShopApp(options = {}) {
  /** @type {Map<string, { user: string, cart: string, items: number[] }>} session id → session */
  const sessions = new Map();
  const app = express();
  app.use(express.json());
  app.use((req, res, next) => {
    const t = performance.now();
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    req.session = sid === undefined ? undefined : sessions.get(sid);
    const { method, url } = req;
    // The answer's time is when it is handed to the socket: 'finish' comes later, when this
    // process's event loop gets to it.
    const end = res.end;
    res.end = function (...args) {
      const sent = performance.now();
      options.onRequest?.({ t, end: sent, method, path: url, cart: req.session?.cart ?? res.locals.cart });
      return end.apply(this, args);
    };
    next();
  });

  app.post('/login', (req, res) => {
    const { user, password } = req.body ?? {};
    if (options.login === 'refuse' || typeof user !== 'string' || password !== `${user}-secret`)
      return res.status(401).json({ error: 'wrong user or password' });
    const cart = randomUUID();
    res.locals.cart = cart;
    if (options.login !== 'no-cookie') {
      const sid = randomUUID();
      sessions.set(sid, { user, cart, items: [] });
      res.cookie('sid', sid, { httpOnly: true, path: '/' });
    }
    res.json({ user, cart });
  });

  const signedIn = (req, res, next) => (req.session ? next() : res.status(401).json({ error: 'log in first' }));

  app.get('/products', signedIn, (req, res) => {
    const q = String(req.query.q ?? '');
    res.json({ products: PRODUCTS.filter((p) => p.name.includes(q)) });
  });

  app.post('/carts/:cart/items', signedIn, (req, res) => {
    if (req.params.cart !== req.session.cart) return res.status(403).json({ error: 'not your cart' });
    const product = PRODUCTS.find((p) => p.id === req.body?.product);
    if (!product) return res.status(404).json({ error: 'no such product' });
    req.session.items.push(product.id);
    res.json({ cart: req.session.cart, items: req.session.items.length });
  });

  const server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 60_000;
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await startShopApp({ port: Number(process.env.PORT ?? 8081) });
  console.log(`shop listening on ${url}`);
}
