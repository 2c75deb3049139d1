import { type LatencyHistogram, newLatencyHistogram, recordMs } from './histogram.js';
import { absorbHistogram, type HistogramState, histogramState } from './histogram-state.js';
import { addExact, type ExactStats, type LatencySummary, newExactStats, summarize } from './latency-summary.js';

/** The phases of a request on the wire a transport may time (k6's waiting, receiving, connecting, tls_handshaking). */
const PHASES = ['ttfb', 'download', 'connect', 'tls'] as const;
type Phase = (typeof PHASES)[number];

/**
 * Everything a {@link WireTimes} counted, frozen: one histogram a phase.
 *
 * @example
 * ```ts
 * const w: WireTimesState = times.state()
 * ```
 */
export type WireTimesState = Readonly<Record<Phase, HistogramState>>;

/**
 * Each phase's distribution, summed up: time to first byte and download over every answer that
 * reports them; connect and TLS over the connections opened for a request during the run.
 *
 * @example
 * ```ts
 * const s: WireSummary = times.summary() // s.ttfb.p95, s.connect.count (connections opened)
 * ```
 */
export type WireSummary = Readonly<Record<Phase, LatencySummary>>;

/** What an answer reports of its phases, in ms (see `HttpResponse`). */
export interface WireTiming {
  readonly ttfbMs?: number;
  readonly downloadMs?: number;
  readonly connectMs?: number;
  readonly tlsMs?: number;
}

/**
 * Where a scope's requests spent their time on the wire: a histogram (and exact count, sum, min,
 * max) per phase, mergeable as the latency's are. Recording an answer costs two histogram
 * records, four when it opened its connection.
 *
 * @example
 * ```ts
 * const times = new WireTimes()
 * times.record({ ttfbMs: 1.2, downloadMs: 0.1 })
 * times.summary().ttfb.p50 // 1.2
 * ```
 */
export class WireTimes {
  private readonly histograms: Record<Phase, LatencyHistogram> = {
    ttfb: newLatencyHistogram(),
    download: newLatencyHistogram(),
    connect: newLatencyHistogram(),
    tls: newLatencyHistogram(),
  };
  private readonly exact: Record<Phase, ExactStats> = {
    ttfb: newExactStats(),
    download: newExactStats(),
    connect: newExactStats(),
    tls: newExactStats(),
  };

  record(t: WireTiming): void {
    if (t.ttfbMs !== undefined) this.add('ttfb', t.ttfbMs);
    if (t.downloadMs !== undefined) this.add('download', t.downloadMs);
    if (t.connectMs !== undefined) this.add('connect', t.connectMs);
    if (t.tlsMs !== undefined) this.add('tls', t.tlsMs);
  }

  /** Whether any answer reported a phase. */
  get empty(): boolean {
    return this.exact.ttfb.count === 0 && this.exact.connect.count === 0;
  }

  state(): WireTimesState {
    return {
      ttfb: histogramState(this.histograms.ttfb, this.exact.ttfb),
      download: histogramState(this.histograms.download, this.exact.download),
      connect: histogramState(this.histograms.connect, this.exact.connect),
      tls: histogramState(this.histograms.tls, this.exact.tls),
    };
  }

  absorb(s: WireTimesState): void {
    for (const p of PHASES) absorbHistogram(this.histograms[p], this.exact[p], s[p]);
  }

  summary(): WireSummary {
    return {
      ttfb: summarize(this.histograms.ttfb, this.exact.ttfb),
      download: summarize(this.histograms.download, this.exact.download),
      connect: summarize(this.histograms.connect, this.exact.connect),
      tls: summarize(this.histograms.tls, this.exact.tls),
    };
  }

  private add(phase: Phase, ms: number): void {
    // A clock read out of order (a phase of less than nothing) is no phase at all.
    const v = Math.max(0, ms);
    recordMs(this.histograms[phase], v);
    addExact(this.exact[phase], v);
  }
}
