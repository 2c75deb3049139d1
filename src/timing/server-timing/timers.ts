import type { RequestTimer } from './request-timer.js';

// Keyed by the Node request object, which every framework exposes: no property added to it.
const timers = new WeakMap<object, RequestTimer>();

/**
 * Remembers a request's timer (the middlewares call it).
 *
 * @example
 * ```ts
 * attachTimer(req, new RequestTimer())
 * ```
 */
export function attachTimer(req: object, timer: RequestTimer): void {
  timers.set(req, timer);
}

/**
 * The timer of a request: pass Node's `req`, an Express/Connect `req`, a Fastify `request` or a
 * Koa `ctx`. Undefined if no timing middleware saw the request.
 *
 * @example
 * ```ts
 * timerOf(req)?.phaseEnd('db')
 * ```
 */
export function timerOf(x: object): RequestTimer | undefined {
  const o = x as { raw?: object; req?: object };
  return timers.get(x) ?? (o.raw ? timers.get(o.raw) : undefined) ?? (o.req ? timers.get(o.req) : undefined);
}
