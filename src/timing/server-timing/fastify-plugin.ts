import type { IncomingMessage } from 'node:http';
import type { TimingOptions } from './options.js';
import { RequestTimer } from './request-timer.js';
import { attachTimer, timerOf } from './timers.js';

/** The little of Fastify the plugin uses, so lptf does not depend on Fastify's types. */
interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: { raw: IncomingMessage }, reply: unknown, done: () => void) => void,
  ): unknown;
  addHook(
    name: 'onSend',
    hook: (
      request: { raw: IncomingMessage },
      reply: { header(k: string, v: string): unknown },
      payload: unknown,
      done: (err: null, payload: unknown) => void,
    ) => void,
  ): unknown;
}

/**
 * Timing plugin for Fastify: `app.register(fastifyServerTiming, { allowOrigin: '*' })`. Each
 * request gets a timer (`timerOf(request)`); `Server-Timing` goes out with the reply.
 *
 * @example
 * ```ts
 * await app.register(fastifyServerTiming)
 * app.get('/', async (request) => { timerOf(request)?.phaseEnd('db'); return rows })
 * ```
 */
export function fastifyServerTiming(fastify: FastifyLike, options: TimingOptions, done: (err?: Error) => void): void {
  const total = options.total ?? true;
  fastify.addHook('onRequest', (request, _reply, next) => {
    attachTimer(request.raw, new RequestTimer());
    next();
  });
  fastify.addHook('onSend', (request, reply, payload, next) => {
    const timer = timerOf(request.raw);
    if (timer) reply.header('Server-Timing', timer.header(total));
    if (options.allowOrigin) reply.header('Timing-Allow-Origin', options.allowOrigin);
    next(null, payload);
  });
  done();
}
// Hooks apply to the whole app, not only to the plugin's own scope (fastify-plugin's convention).
Object.assign(fastifyServerTiming, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'lptf-server-timing',
});
