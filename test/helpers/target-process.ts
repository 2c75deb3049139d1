import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A loopback target with known behaviour, run in its own process so its timestamps are not
 * delayed by the load generator's event loop.
 * - delay: `delayMs` for every request, or the body's `{"d": ms}` if it has one;
 * - `{"hang": true}`: never answers (for timeouts);
 * - `{"status": 503}`: answers with that status;
 * - `{"st": "db;dur=3"}`: sends that Server-Timing header;
 * - stall: requests arriving in [stallFromMs, stallToMs) after the first request are held
 *   until stallToMs (a server that freezes).
 * On "report" it sends back the arrival times (ms after the first arrival).
 */
interface Config {
  delayMs: number;
  stallFromMs?: number;
  stallToMs?: number;
}

process.once('message', (config: Config) => {
  const arrivals: number[] = [];
  let first: number | undefined;
  const server = createServer((req, res) => {
    const now = performance.now();
    first ??= now;
    const t = now - first;
    arrivals.push(t);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let spec: { d?: number; hang?: boolean; status?: number; st?: string } = {};
      try {
        spec = JSON.parse(Buffer.concat(chunks).toString() || '{}') as typeof spec;
      } catch {
        spec = {};
      }
      if (spec.hang) return;
      let wait = spec.d ?? config.delayMs;
      if (
        config.stallFromMs !== undefined &&
        config.stallToMs !== undefined &&
        t >= config.stallFromMs &&
        t < config.stallToMs
      ) {
        wait = Math.max(wait, config.stallToMs - t);
      }
      setTimeout(() => {
        res.writeHead(spec.status ?? 200, {
          'content-type': 'text/plain',
          ...(spec.st === undefined ? {} : { 'server-timing': spec.st }),
        });
        res.end('ok');
      }, wait);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: unknown) => {
    if (m === 'report') process.send?.({ arrivals });
  });
  process.on('disconnect', () => process.exit(0));
});
