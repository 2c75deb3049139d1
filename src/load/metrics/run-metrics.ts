import type { ScopeStats } from '../../core/recorder/index.js';
import type { MetricFamily, MetricSample } from './metric-family.js';

/**
 * The bounds of the latency histogram, in seconds: 2^(1/8) apart from 100 µs to 64 s (153
 * buckets), so `histogram_quantile` interpolates within 9% of a value; and the bounds the
 * run's checks use (170 ms, 870 ms), so their shares are exact in PromQL too.
 */
export function latencyBucketsSec(checkBoundsMs: readonly number[] = []): number[] {
  const steps = Array.from({ length: 153 }, (_, i) => 1e-4 * 2 ** (i / 8));
  const all = [...steps.map((s) => Number(s.toPrecision(4))), ...checkBoundsMs.map((ms) => ms / 1000)];
  return [...new Set(all)].sort((a, b) => a - b);
}

/** What {@link histogramOf} made, by the bounds and then the base labels. */
const histograms = new WeakMap<readonly number[], WeakMap<object, Histogram>>();

interface Histogram {
  readonly boundsMs: readonly number[];
  /** Each bucket's labels (`le`), `+Inf` last. */
  readonly labels: readonly Readonly<Record<string, string>>[];
}

/**
 * The histogram's bounds in ms and its buckets' labels, made once for a run's bounds and labels:
 * the same objects every second, so the remote-write encoder knows a bucket by its labels' identity
 * instead of reading them. Making them afresh (153 numbers printed, 154 objects) and keying
 * each by its text were two thirds of a push's 1.7 ms of CPU, cold, once a second (measured).
 */
function histogramOf(buckets: readonly number[], base: Readonly<Record<string, string>>): Histogram {
  let byBase = histograms.get(buckets);
  if (!byBase) {
    byBase = new WeakMap();
    histograms.set(buckets, byBase);
  }
  let h = byBase.get(base);
  if (!h) {
    h = {
      boundsMs: buckets.map((b) => b * 1000),
      labels: [...buckets.map((le) => ({ ...base, le: String(le) })), { ...base, le: '+Inf' }],
    };
    byBase.set(base, h);
  }
  return h;
}

/**
 * A watched server's latest figures, as the metrics show them.
 *
 * @example
 * ```ts
 * const s: ServerFigure = { name: 'pid 4242 (node)', cpu: 0.4, memMB: 81 }
 * ```
 */
export interface ServerFigure {
  readonly name: string;
  readonly cpu: number;
  readonly memMB: number;
  readonly threads?: number;
  readonly fds?: number | null;
}

/**
 * What the run's metrics are read from: the whole run's counts and latencies, each case
 * group's counts, requests in flight, the planned rate and the watched servers.
 *
 * @example
 * ```ts
 * runMetrics({ overall: recorder.overall, groups: recorder.groups, inflight: 3, targetRate: 200, servers: [], buckets: latencyBucketsSec([170]), labels: { run_id: 'a1b2' } })
 * ```
 */
export interface RunMetricsInput {
  readonly overall: ScopeStats;
  readonly groups: ReadonlyMap<string, ScopeStats>;
  readonly inflight: number;
  readonly targetRate: number;
  readonly servers: readonly ServerFigure[];
  /** The histogram's bounds, in seconds, ascending (see {@link latencyBucketsSec}). */
  readonly buckets: readonly number[];
  /** On every sample: `run_id`, and `segment` for one instance of several. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The run's metrics, named after Prometheus' conventions (a unit in the name, `_total` on
 * counters, base units: seconds, bytes, ratios). Requests are counted by outcome and case
 * group, failures by kind; latency is a histogram of OK answers timed from the intended send
 * time, as every lptf report times them.
 *
 * @example
 * ```ts
 * const families = runMetrics(input)
 * ```
 */
export function runMetrics(input: RunMetricsInput): MetricFamily[] {
  const base = input.labels;
  const scopes: [Record<string, string>, ScopeStats][] =
    input.groups.size > 1
      ? [...input.groups].map(([group, s]) => [{ ...base, group }, s])
      : [[{ ...base }, input.overall]];
  const outcomes: MetricSample[] = scopes.flatMap(([labels, s]) => {
    const c = s.counts();
    return (['ok', 'failed', 'dropped'] as const).map((outcome) => ({
      suffix: '_total',
      labels: { ...labels, outcome },
      value: c[outcome],
    }));
  });
  const errors: MetricSample[] = scopes.flatMap(([labels, s]) =>
    [...s.errors].map(([kind, n]) => ({ suffix: '_total', labels: { ...labels, kind }, value: n })),
  );
  const { boundsMs, labels: bucketLabels } = histogramOf(input.buckets, base);
  const latency = input.overall.latencyBuckets(boundsMs);
  const histogram: MetricSample[] = [
    ...bucketLabels.map((labels, i) => ({
      suffix: '_bucket',
      labels,
      value: i < boundsMs.length ? (latency.atOrBelow[i] as number) : latency.count,
    })),
    { suffix: '_count', labels: base, value: latency.count },
    { suffix: '_sum', labels: base, value: latency.sumMs / 1000 },
  ];
  const server = (pick: (s: ServerFigure) => number | null | undefined): MetricSample[] =>
    input.servers.flatMap((s) => {
      const value = pick(s);
      return typeof value === 'number' ? [{ labels: { ...base, server: s.name }, value }] : [];
    });
  const families: MetricFamily[] = [
    {
      name: 'lptf_requests_sent',
      type: 'counter',
      help: 'Requests sent to the target.',
      samples: [{ suffix: '_total', labels: base, value: input.overall.counts().sent }],
    },
    {
      name: 'lptf_requests',
      type: 'counter',
      help: 'Requests decided, by outcome (ok, failed, dropped).',
      samples: outcomes,
    },
    { name: 'lptf_request_failures', type: 'counter', help: 'Failed requests, by kind.', samples: errors },
    {
      name: 'lptf_request_duration_seconds',
      type: 'histogram',
      unit: 'seconds',
      help: 'Latency of OK answers, from the intended send time.',
      samples: histogram,
    },
    {
      name: 'lptf_requests_in_flight',
      type: 'gauge',
      help: 'Requests sent and not yet answered.',
      samples: [{ labels: base, value: input.inflight }],
    },
    {
      name: 'lptf_target_rate_requests_per_second',
      type: 'gauge',
      help: 'The planned rate (0 for a closed loop).',
      samples: [{ labels: base, value: input.targetRate }],
    },
  ];
  if (input.servers.length > 0)
    families.push(
      {
        name: 'lptf_server_cpu_ratio',
        type: 'gauge',
        unit: 'ratio',
        help: 'CPU of a watched server: of one core for a process, of all cores for a host.',
        samples: server((s) => s.cpu),
      },
      {
        name: 'lptf_server_memory_bytes',
        type: 'gauge',
        unit: 'bytes',
        help: "Memory of a watched server: a process tree's RSS, a host's memory in use.",
        samples: server((s) => Math.round(s.memMB * 2 ** 20)),
      },
      {
        name: 'lptf_server_threads',
        type: 'gauge',
        help: 'Threads of a watched process tree.',
        samples: server((s) => s.threads),
      },
      {
        name: 'lptf_server_open_fds',
        type: 'gauge',
        help: 'Open file descriptors of a watched process tree.',
        samples: server((s) => s.fds),
      },
    );
  return families;
}
