import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededRandom } from '../../core/cases/index.js';
import { type RequestTimer, serverTiming, timerOf } from '../../timing/index.js';
import {
  openWidgetRequest,
  verifyHandshake,
  type WidgetCredentials,
  WidgetProtocolError,
  type WidgetWire,
  widgetReplyBody,
} from '../protocol/index.js';
import { stockName } from './stock-data.js';

/**
 * What the demo service counts, reported when the demo ends.
 *
 * @example
 * ```ts
 * const s: StockServiceStats = { requests: 10, cacheHits: 1, byErrCode: { '0': 9, '-2': 1 } }
 * ```
 */
export interface StockServiceStats {
  requests: number;
  cacheHits: number;
  byErrCode: Record<string, number>;
}

/**
 * Options of the demo stock service.
 *
 * @example
 * ```ts
 * const o: StockServiceOptions = { codes: hkStockCodes(300), cacheTtlMs: 1000 }
 * ```
 */
export interface StockServiceOptions {
  readonly codes: readonly string[];
  /** How long a quote stays cached, in ms. Quotes change; the default is 1 s. */
  readonly cacheTtlMs?: number;
  readonly seed?: number;
  /** Speak the WeChat widget protocol (encrypted or plain) instead of taking bare cases. */
  readonly protocol?: { readonly credentials: WidgetCredentials; readonly wire: WidgetWire };
}

type Reply = { err_code: number; err_msg: string; [field: string]: unknown };

/**
 * The demo's widget backend: a stock-quote service for the seed's stock query
 * (`type` 1, slots `stock_code` and `stock_market`). With `protocol` it speaks the WeChat widget
 * protocol (verifies and decrypts each event, signs and encrypts each reply, answers the GET
 * handshake); without, it takes bare cases. It validates the query against its
 * whitelist (bad parameters get `err_code` -2 at once, an unknown code -1), answers from a
 * short-lived cache when it can, and otherwise "fetches" the quote: a simulated upstream call
 * whose latency is log-normal around 12 ms with a rare slow path, plus real hashing work.
 *
 * @example
 * ```ts
 * const { handle, stats } = stockService({ codes: hkStockCodes(300) })
 * http.createServer(handle).listen(0, '127.0.0.1')
 * ```
 */
export function stockService(options: StockServiceOptions): {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  stats: StockServiceStats;
} {
  const whitelist = new Set(options.codes);
  const ttl = options.cacheTtlMs ?? 1000;
  const cache = new Map<string, { reply: Reply; expires: number }>();
  const random = seededRandom(options.seed ?? 2018);
  const stats: StockServiceStats = { requests: 0, cacheHits: 0, byErrCode: {} };

  const { protocol } = options;
  const raw = (res: ServerResponse, status: number, body: string, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const send = (res: ServerResponse, timer: RequestTimer, reply: Reply, event?: Record<string, unknown>): void => {
    stats.byErrCode[reply.err_code] = (stats.byErrCode[reply.err_code] ?? 0) + 1;
    if (!protocol || !event) {
      raw(res, 200, JSON.stringify(reply));
      return;
    }
    const type = protocol.wire.format === 'json' ? 'application/json' : 'text/xml';
    // A quote is good for as long as it is cached: the reply declares that as its lifespan.
    const lifespan = Math.round(ttl / 1000);
    const body = timer.phase('encrypt', () =>
      widgetReplyBody(event, reply, protocol.credentials, protocol.wire, { lifespan }),
    );
    raw(res, 200, body, type);
  };
  // Every answer carries Server-Timing with the phases below, so lptf's report can show them.
  const timing = serverTiming();

  const upstreamDelayMs = (): number => {
    // Box–Muller normal → log-normal: median 12 ms, sigma 0.6; 0.4% take a slow path.
    const n = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const base = 2 + 12 * Math.exp(0.6 * n);
    return random() < 0.004 ? base + 200 + random() * 700 : base;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    timing(req, res);
    const timer = timerOf(req) as RequestTimer;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      timer.phaseEnd('read');
      stats.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      let event: Record<string, unknown> | undefined;
      let query = body;
      if (protocol) {
        const params = new URL(req.url ?? '/', 'http://demo').searchParams;
        if (req.method === 'GET') {
          const echo = verifyHandshake(params, protocol.credentials);
          return echo === undefined ? raw(res, 403, 'bad signature', 'text/plain') : raw(res, 200, echo, 'text/plain');
        }
        try {
          event = timer.phase('decrypt', () => openWidgetRequest(params, body, protocol.credentials, protocol.wire));
        } catch (err) {
          if (err instanceof WidgetProtocolError) return raw(res, 400, `bad request: ${err.kind}`, 'text/plain');
          return raw(res, 400, 'bad request', 'text/plain');
        }
        query = String(event['Query'] ?? '');
      }
      const parsed = timer.phase('parse', () => parseQuery(query, whitelist));
      if ('err_code' in parsed) return send(res, timer, parsed, event);
      const now = Date.now();
      const hit = cache.get(parsed.code);
      if (hit && hit.expires > now) {
        stats.cacheHits++;
        return send(res, timer, hit.reply, event);
      }
      timer.phaseEnd('cache');
      setTimeout(() => {
        timer.phaseEnd('upstream');
        const reply = timer.phase('quote', () => quote(parsed.code, now));
        cache.delete(parsed.code);
        cache.set(parsed.code, { reply, expires: Date.now() + ttl });
        if (cache.size > 1000) cache.delete(cache.keys().next().value as string);
        send(res, timer, reply, event);
      }, upstreamDelayMs());
    });
  };
  return { handle, stats };
}

function parseQuery(body: string, whitelist: ReadonlySet<string>): Reply | { code: string } {
  const bad = (why: string): Reply => ({ err_code: -2, err_msg: `bad parameters: ${why}` });
  let q: unknown;
  try {
    q = JSON.parse(body);
  } catch {
    return bad('query is not JSON');
  }
  const query = q as { type?: unknown; slot_list?: unknown };
  if (query?.type !== 1) return bad('unknown type');
  if (!Array.isArray(query.slot_list)) return bad('slot_list missing');
  const slots = new Map<string, unknown>();
  for (const s of query.slot_list as { key?: unknown; value?: unknown }[]) {
    if (s?.key !== 'stock_code' && s?.key !== 'stock_market') return bad(`unknown slot ${String(s?.key).slice(0, 40)}`);
    slots.set(s.key, s.value);
  }
  const code = slots.get('stock_code');
  const market = slots.get('stock_market') ?? 'hk';
  if (typeof code !== 'string' || !/^\d{5}$/.test(code)) return bad('stock_code must be five digits');
  if (market !== 'hk') return bad('stock_market must be hk');
  if (!whitelist.has(code)) return { err_code: -1, err_msg: 'no result' };
  return { code };
}

function quote(code: string, now: number): Reply {
  // Real work per query: derive a stable price from the code and the minute, as a service
  // would format an upstream record.
  let digest = createHash('sha256')
    .update(`${code}:${Math.floor(now / 60_000)}`)
    .digest();
  for (let i = 0; i < 20; i++) digest = createHash('sha256').update(digest).digest();
  const price = 1 + (digest.readUInt32BE(0) % 500_000) / 1000;
  const change = ((digest.readInt16BE(4) % 1000) / 100).toFixed(2);
  return {
    err_code: 0,
    err_msg: 'ok',
    stock_code: code,
    stock_market: 'hk',
    name: stockName(code),
    price: price.toFixed(3),
    change_percent: change,
    updated_at: new Date(now).toISOString(),
  };
}
