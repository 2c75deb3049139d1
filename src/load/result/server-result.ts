import type { ServerFigures } from '../../core/checks/index.js';
import type { ServerKind, ServerReadings, ServerSample } from '../../core/watch/index.js';

/**
 * One second of a watched server (second n covers the run's (n-1 s, n s], as the request
 * series does). CPU is a fraction of one core for a process, of all cores for a host; memory is
 * a process tree's RSS or a host's memory in use, in MB.
 *
 * @example
 * ```ts
 * const s: ServerSecond = { second: 3, cpu: 0.42, cpuUser: 0.3, cpuSystem: 0.12, memMB: 81.5, threads: 11, fds: 23 }
 * ```
 */
export type ServerSecond = Omit<ServerSample, 'atMs'> & { readonly second: number };

/**
 * A watched server's series, as `measure.json` keeps it: what a merge of segments and a report
 * are rebuilt from.
 *
 * @example
 * ```ts
 * const s: ServerSeries = { name: 'pid 4242 (node)', kind: 'process', seconds: [], failedReads: 0 }
 * ```
 */
export interface ServerSeries {
  readonly name: string;
  readonly kind: ServerKind;
  readonly seconds: readonly ServerSecond[];
  /** The second in which the process was found gone; the run went on without it. */
  readonly vanishedAtSec?: number;
  /** Readings that failed (a scrape refused or slower than a second); the series has gaps there. */
  readonly failedReads: number;
}

/** Least, mean and most of a figure over the run. */
export interface Spread {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

/**
 * A watched server in `summary.json`: its series and what the report and the checks read of it.
 *
 * @example
 * ```ts
 * server.memGrowthMB // 92.4: a leak of 5 MB/s over a 20 s run
 * ```
 */
export interface ServerResult extends ServerSeries {
  readonly cpu: Spread | null;
  readonly memMB: Spread | null;
  /**
   * How much memory grew over the run: the slope of the least-squares line through the
   * per-second memory, times the seconds read. A trend, not last less first: one garbage
   * collection at either end would move that by its whole size.
   */
  readonly memGrowthMB: number | null;
  readonly threadsMax?: number;
  readonly fdsMax?: number;
  readonly load1Max?: number;
}

/**
 * Puts a watch's readings on the run's seconds (`startMs`: when the schedule started, ms since
 * the epoch). Readings before the start are left out; two in one second are averaged.
 *
 * @example
 * ```ts
 * const series = serverSeries(await watch.stop(), timing.startedAt.getTime())
 * ```
 */
export function serverSeries(readings: readonly ServerReadings[], startMs: number): ServerSeries[] {
  const secondOf = (atMs: number): number => Math.ceil((atMs - startMs) / 1000);
  return readings.map((r) => {
    const bySecond = new Map<number, ServerSample[]>();
    for (const s of r.samples) {
      const second = secondOf(s.atMs);
      if (second >= 1) bySecond.set(second, [...(bySecond.get(second) ?? []), s]);
    }
    const seconds = [...bySecond].map(([second, samples]) => averaged(second, samples));
    return {
      name: r.name,
      kind: r.kind,
      seconds,
      ...(r.vanishedAtMs !== undefined ? { vanishedAtSec: Math.max(0, secondOf(r.vanishedAtMs)) } : {}),
      failedReads: r.failed,
    };
  });
}

/** The mean of each figure of a second's readings; the last of its counts (threads, descriptors). */
function averaged(second: number, samples: readonly ServerSample[]): ServerSecond {
  const mean = (key: keyof ServerSecond): number | undefined => {
    const values = samples.map((s) => s[key as keyof ServerSample]).filter((x): x is number => typeof x === 'number');
    return values.length > 0 ? round(values.reduce((a, b) => a + b, 0) / values.length) : undefined;
  };
  const out: Record<string, number | null> = { second };
  for (const key of ['cpu', 'cpuUser', 'cpuSystem', 'memMB', 'load1', 'rxMBps', 'txMBps'] as const) {
    const m = mean(key);
    if (m !== undefined) out[key] = m;
  }
  // Counts stay whole: the second's last reading of them.
  const last = samples.at(-1);
  if (last?.threads !== undefined) out['threads'] = last.threads;
  if (last?.fds !== undefined) out['fds'] = last.fds;
  return out as unknown as ServerSecond;
}

/**
 * A server's series with the figures reports and checks read.
 *
 * @example
 * ```ts
 * const result = summarizeServer(series)
 * ```
 */
export function summarizeServer(series: ServerSeries): ServerResult {
  const s = series.seconds;
  const spread = (values: readonly number[]): Spread | null =>
    values.length === 0
      ? null
      : {
          min: round(Math.min(...values)),
          mean: round(values.reduce((a, b) => a + b, 0) / values.length),
          max: round(Math.max(...values)),
        };
  const most = (values: readonly (number | null | undefined)[]): number | undefined => {
    const known = values.filter((x): x is number => typeof x === 'number');
    return known.length > 0 ? Math.max(...known) : undefined;
  };
  const threadsMax = most(s.map((x) => x.threads));
  const fdsMax = most(s.map((x) => x.fds));
  const load1Max = most(s.map((x) => x.load1));
  return {
    ...series,
    cpu: spread(s.map((x) => x.cpu)),
    memMB: spread(s.map((x) => x.memMB)),
    memGrowthMB: trendGrowth(s.map((x) => [x.second, x.memMB])),
    ...(threadsMax !== undefined ? { threadsMax } : {}),
    ...(fdsMax !== undefined ? { fdsMax } : {}),
    ...(load1Max !== undefined ? { load1Max } : {}),
  };
}

/** The least-squares slope through the points times their span; null with fewer than two. */
function trendGrowth(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const span = (points.at(-1)?.[0] ?? 0) - (points[0]?.[0] ?? 0);
  return sxx > 0 ? round((sxy / sxx) * span) : 0;
}

/**
 * What the server checks judge: the worst server's mean CPU and memory growth; null for a
 * figure no server measured.
 *
 * @example
 * ```ts
 * serverFigures(result.servers ?? []) // { cpu: 0.42, memGrowthMB: 3.1 }
 * ```
 */
export function serverFigures(servers: readonly ServerResult[]): ServerFigures {
  const worst = (values: readonly (number | null | undefined)[]): number | null => {
    const known = values.filter((x): x is number => typeof x === 'number');
    return known.length > 0 ? Math.max(...known) : null;
  };
  return {
    cpu: worst(servers.map((s) => s.cpu?.mean)),
    memGrowthMB: worst(servers.map((s) => s.memGrowthMB)),
  };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
