import type { IncomingMessage } from 'node:http';
import type { TimingOptions } from './options.js';
import { RequestTimer } from './request-timer.js';
import { attachTimer } from './timers.js';

/** The little of Koa's context the middleware uses. */
interface KoaContextLike {
  readonly req: IncomingMessage;
  set(field: string, value: string): void;
}

/**
 * Timing middleware for Koa: `app.use(koaServerTiming())`. Handlers reach the timer with
 * `timerOf(ctx)`; `Server-Timing` is set once the downstream middleware has finished.
 *
 * @example
 * ```ts
 * app.use(koaServerTiming())
 * app.use(async (ctx) => { const rows = await db(); timerOf(ctx)?.phaseEnd('db'); ctx.body = rows })
 * ```
 */
export function koaServerTiming(
  options: TimingOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  const total = options.total ?? true;
  return async (ctx, next) => {
    const timer = new RequestTimer();
    attachTimer(ctx.req, timer);
    await next();
    ctx.set('Server-Timing', timer.header(total));
    if (options.allowOrigin) ctx.set('Timing-Allow-Origin', options.allowOrigin);
  };
}
