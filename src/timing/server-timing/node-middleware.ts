import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TimingOptions } from './options.js';
import { RequestTimer } from './request-timer.js';
import { attachTimer } from './timers.js';

/**
 * Timing middleware for `node:http`, Express and Connect (one function): gives each request a
 * {@link RequestTimer} and sends its phases as `Server-Timing` when the headers go out,
 * however the handler writes them (`writeHead`, `end`, `send`, streaming).
 *
 * @example
 * ```ts
 * app.use(serverTiming())                                      // Express / Connect
 * http.createServer((req, res) => { timing(req, res); … })      // node:http, const timing = serverTiming()
 * ```
 */
export function serverTiming(
  options: TimingOptions = {},
): (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void {
  const total = options.total ?? true;
  return (req, res, next) => {
    const timer = new RequestTimer();
    attachTimer(req, timer);
    const writeHead = res.writeHead;
    // Every way of answering goes through writeHead (end() and write() call it implicitly).
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!this.headersSent) {
        this.setHeader('Server-Timing', timer.header(total));
        if (options.allowOrigin) this.setHeader('Timing-Allow-Origin', options.allowOrigin);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    next?.();
  };
}
