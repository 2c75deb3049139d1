import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PhaseTimerResult } from '../phases/phase-result.js';
import { PhaseTimer } from '../phases/phase-timer.js';

/**
 * Options of {@link sessionTiming}.
 *
 * @example
 * ```ts
 * const o: SessionTimingOptions = { key: (req) => req.headers['x-user'] as string, route: '/_lptf/session' }
 * ```
 */
export interface SessionTimingOptions {
  /** A cookie name (default `lptf_session`, set on first sight), or a function of the request. */
  readonly key?: string | ((req: IncomingMessage) => string | undefined);
  /** Most sessions kept; the least recently seen goes first (default 1000). */
  readonly maxSessions?: number;
  /** A session not seen for this long is forgotten (default 30 minutes). */
  readonly idleTtlMs?: number;
  /** Serve the caller's own session as JSON here, and as a live page at `<route>/page` (off by default). */
  readonly route?: string;
}

interface Session {
  timer: PhaseTimer;
  previous: PhaseTimerResult | undefined;
  seenMs: number;
}

/**
 * The straight test across a web session (the seed paper keeps its timer in the session): one
 * {@link PhaseTimer} per session, spanning its requests. Bounded: at most `maxSessions`, each
 * forgotten after `idleTtlMs` idle, so load cannot grow it without limit.
 *
 * @example
 * ```ts
 * const sessions = sessionTiming({ route: '/_lptf/session' })
 * app.use(sessions.middleware)
 * app.get('/cart', (req, res) => { …; sessions.timerOf(req)?.phaseEnd('cart page'); … })
 * app.post('/pay', (req, res) => { …; sessions.timerOf(req)?.end('paid'); … })
 * ```
 */
export function sessionTiming(options: SessionTimingOptions = {}) {
  const maxSessions = options.maxSessions ?? 1000;
  const ttl = options.idleTtlMs ?? 30 * 60_000;
  const cookie =
    typeof options.key === 'string' || options.key === undefined ? (options.key ?? 'lptf_session') : undefined;
  const sessions = new Map<string, Session>();
  const keys = new WeakMap<IncomingMessage, string>();
  let evicted = 0;

  const keyOf = (req: IncomingMessage, res?: ServerResponse): string | undefined => {
    if (typeof options.key === 'function') return options.key(req);
    const found = new RegExp(`(?:^|;\\s*)${(cookie as string).replace(/[^\w-]/g, '')}=([\\w-]{1,64})`).exec(
      req.headers.cookie ?? '',
    )?.[1];
    if (found || !res) return found;
    const fresh = randomUUID();
    res.appendHeader('Set-Cookie', `${cookie}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return fresh;
  };
  const sweep = (now: number): void => {
    // Map order is least recently seen first: stop at the first live one.
    for (const [k, s] of sessions) {
      if (now - s.seenMs <= ttl && sessions.size <= maxSessions) break;
      sessions.delete(k);
      evicted++;
    }
  };
  const touch = (key: string): Session => {
    const now = Date.now();
    let s = sessions.get(key);
    sessions.delete(key);
    if (!s || now - s.seenMs > ttl)
      s = {
        timer: new PhaseTimer({ name: 'session', memory: false, gc: false }).start(),
        previous: undefined,
        seenMs: now,
      };
    s.seenMs = now;
    sessions.set(key, s);
    sweep(now);
    return s;
  };
  // A session whose test has ended starts its next one with the next page.
  const running = (s: Session): PhaseTimer => {
    if (s.timer.result().ended) {
      s.previous = s.timer.result();
      s.timer = new PhaseTimer({ name: 'session', memory: false, gc: false }).start();
    }
    return s.timer;
  };

  return {
    /**
     * Keys the request to its session (setting the cookie if needed) and serves `route`. A
     * session's timer runs from the arrival of its first page, not from the handler's first
     * `timerOf()`: a page that works for a second before it asks is a second long.
     */
    middleware(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void {
      const key = keyOf(req, res);
      if (key) keys.set(req, key);
      const path = (req.url ?? '/').split('?')[0];
      const served = options.route !== undefined && (path === options.route || path === `${options.route}/page`);
      if (key && !served) running(touch(key));
      if (served && key) {
        const s = touch(key);
        if (path === options.route) {
          const body = JSON.stringify({ current: s.timer.result(), previous: s.previous ?? null });
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
          return;
        }
        // The page (and the HTML kit behind it) is loaded when first asked for: a server that
        // times its requests should not load lptf's report renderer.
        void import('./session-page.js').then(
          ({ sessionPage }) =>
            res
              .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
              .end(sessionPage(options.route as string)),
          (err: Error) => res.writeHead(500).end(err.message),
        );
        return;
      }
      next?.();
    },
    /** The session's running timer (a fresh one if the last has ended), or undefined without a key. */
    timerOf(req: IncomingMessage): PhaseTimer | undefined {
      const key = keys.get(req) ?? keyOf(req);
      if (!key) return undefined;
      return running(touch(key));
    },
    /** How many sessions are kept, and how many were forgotten (idle or least recently seen). */
    stats(): { sessions: number; evicted: number } {
      sweep(Date.now());
      return { sessions: sessions.size, evicted };
    },
  };
}
