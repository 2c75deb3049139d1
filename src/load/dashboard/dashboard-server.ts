import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../../core/errors/index.js';
import type { Recorder } from '../../core/recorder/index.js';
import { OPENMETRICS_TYPE, openMetricsText, runMetrics } from '../metrics/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import { type LivePageInfo, livePage } from './live-page.js';
import { type LiveUpdate, liveUpdate, type ServerPoint } from './live-update.js';
import { isLoopback } from './loopback.js';

/**
 * Where the dashboard listens. Loopback by default: the page shows the target's URL and
 * answers, which are nobody else's business.
 *
 * @example
 * ```ts
 * const where: DashboardAddress = { host: '127.0.0.1', port: 5665 }
 * ```
 */
export interface DashboardAddress {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/**
 * The end of a run as the dashboard shows it: the verdict, the final report and the files written.
 *
 * @example
 * ```ts
 * const end: DashboardEnd = { verdict: 'PASS: all 2 checks passed', verdictClass: 'pass', reportHtml, files: ['r/report.html'] }
 * ```
 */
export interface DashboardEnd {
  readonly verdict: string;
  readonly verdictClass: string;
  readonly reportHtml: string;
  readonly files: readonly string[];
}

/**
 * What the dashboard shows: its page, and the labels and buckets of its `/metrics`.
 *
 * @example
 * ```ts
 * const info: DashboardInfo = { ...pageInfo, metrics: { labels: { run_id: 'a1b2' }, buckets: latencyBucketsSec() } }
 * ```
 */
export interface DashboardInfo extends LivePageInfo {
  readonly metrics: { readonly labels: Readonly<Record<string, string>>; readonly buckets: readonly number[] };
}

/**
 * A running dashboard.
 *
 * @example
 * ```ts
 * const d = await startDashboard(info, { host: '127.0.0.1', port: 0 }); console.log(d.url)
 * ```
 */
export interface Dashboard {
  readonly url: string;
  /**
   * Sends the run's state to every open page (call about once a second), with each watched
   * server's latest reading, if any.
   */
  update(snapshot: ProgressSnapshot, recorder: Recorder, servers?: readonly ServerPoint[]): void;
  /**
   * Tells every page the run ended and serves the final report; resolves once each open page
   * has fetched it (or after `graceMs`), with the server closed.
   */
  finish(end: DashboardEnd, graceMs?: number): Promise<void>;
  /** Closes the server at once (the run failed before it had a result). */
  close(): Promise<void>;
}

/**
 * The most pages that follow a run at once. Each costs the generator a message a second: 2,000
 * made it late (the hostile pass); 32 is more than a team watches.
 */
export const MAX_DASHBOARD_CLIENTS = 32;

interface Client {
  readonly res: ServerResponse;
  /** How many closed seconds this page has been sent. */
  seconds: number;
  /** How many server readings this page has been sent. */
  serverPoints: number;
}

/**
 * Starts the live dashboard: `/` is the page, `/events` the server-sent event stream, `/report`
 * the final report once the run has ended. A page that connects late gets the whole history.
 *
 * @example
 * ```ts
 * const dashboard = await startDashboard(info, { host: '127.0.0.1', port: 5665 })
 * startLoadTest(resolved, { onProgress: (s, rec) => dashboard.update(s, rec) })
 * ```
 */
export async function startDashboard(info: DashboardInfo, where: DashboardAddress): Promise<Dashboard> {
  const page = livePage(info);
  const clients = new Set<Client>();
  let last: { snapshot: ProgressSnapshot; recorder: Recorder; spectra: LiveUpdate['spectra'] } | undefined;
  let end: DashboardEnd | undefined;
  // Every server reading so far: a page that opens late, or reconnects, draws the whole run.
  const serverPoints: ServerPoint[] = [];
  let reportFetched: () => void = () => {};

  const send = (c: Client, event: string, data: unknown): void => {
    c.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const push = (c: Client): void => {
    if (!last) return;
    const u = liveUpdate(last.snapshot, last.recorder, c.seconds, last.spectra, serverPoints.slice(c.serverPoints));
    c.seconds += u.seconds.length;
    c.serverPoints = serverPoints.length;
    send(c, 'update', u);
  };
  // The latest reading of each server, for /metrics.
  const latestServers = (): ServerPoint[] => [...new Map(serverPoints.map((p) => [p.name, p])).values()];
  const metrics = (): string =>
    openMetricsText(
      last
        ? runMetrics({
            overall: last.recorder.overall,
            groups: last.recorder.groups,
            inflight: last.snapshot.inflight,
            targetRate: info.targetRate,
            servers: latestServers(),
            ...info.metrics,
          })
        : [],
    );
  const endEvent = (e: DashboardEnd): object => ({
    verdict: e.verdict,
    verdictClass: e.verdictClass,
    files: e.files,
    report: 'report',
  });

  const loopback = isLoopback(where.host);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    // DNS rebinding: a page of another site whose name now points here would send its own Host.
    // On loopback only a loopback name is this dashboard's.
    const hostName = /^(\[[^\]]*\]|[^:]*)/.exec(req.headers.host ?? '')?.[1] ?? '';
    if (loopback && !isLoopback(hostName))
      return void res.writeHead(403, { ...headers, 'content-type': 'text/plain' }).end('not this host\n');
    // A page of another site may read this run's figures (an EventSource, a fetch): a browser says
    // whose page asks in `Origin`, and only this dashboard's own pages are answered (hostile N38).
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`)
      return void res.writeHead(403, { ...headers, 'content-type': 'text/plain' }).end('not this origin\n');
    if (req.method !== 'GET') return void res.writeHead(405, headers).end();
    if (path === '/')
      return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page);
    if (path === '/metrics')
      return void res.writeHead(200, { ...headers, 'content-type': OPENMETRICS_TYPE }).end(metrics());
    if (path === '/report' && end) {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(end.reportHtml);
      return void reportFetched();
    }
    if (path === '/events') {
      if (clients.size >= MAX_DASHBOARD_CLIENTS)
        return void res
          .writeHead(503, { ...headers, 'content-type': 'text/plain', 'retry-after': '5' })
          .end(`${MAX_DASHBOARD_CLIENTS} pages already follow this run\n`);
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      // The stream is open now, not at the first update a second from now.
      res.flushHeaders();
      const c: Client = { res, seconds: 0, serverPoints: 0 };
      push(c);
      if (end) send(c, 'done', endEvent(end));
      else clients.add(c);
      req.on('close', () => clients.delete(c));
      return;
    }
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `--dashboard: port ${where.port} on ${where.host} is in use; give another, or 0 for any free port`,
            )
          : err,
      ),
    );
    server.listen(where.port, where.host, resolve);
  });
  const closeServer = (lingerMs: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Idle keep-alive sockets go now; a report still being written gets a moment to finish.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), lingerMs).unref();
    });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/`,
    update(snapshot, recorder, servers) {
      if (servers) serverPoints.push(...servers);
      // The distribution once per tick, however many pages are open.
      last = { snapshot, recorder, spectra: { all: recorder.overall.latencySpectrum() } };
      for (const c of clients) push(c);
    },
    async finish(e, graceMs = 5000) {
      end = e;
      let waiting = clients.size;
      const fetched = new Promise<void>((resolve) => {
        reportFetched = () => {
          if (--waiting <= 0) resolve();
        };
        if (waiting === 0) resolve();
      });
      for (const c of clients) {
        push(c);
        send(c, 'done', endEvent(e));
        c.res.end();
      }
      clients.clear();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([fetched, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      await closeServer(1000);
    },
    async close() {
      for (const c of clients) c.res.end();
      clients.clear();
      await closeServer(0);
    },
  };
}
