import { parseServerTiming } from '../server-timing/parse.js';
import { type LatencyHistogram, newLatencyHistogram, recordMs } from './histogram.js';
import { absorbHistogram, type HistogramState, histogramState } from './histogram-state.js';
import { addExact, type ExactStats, type LatencySummary, newExactStats, summarize } from './latency-summary.js';

/**
 * One phase's durations, frozen.
 *
 * @example
 * ```ts
 * const t: PhaseTrackState = { name: 'db', durations: state, dominant: 3 }
 * ```
 */
export interface PhaseTrackState {
  readonly name: string;
  readonly durations: HistogramState;
  readonly dominant: number;
}

/**
 * Everything a {@link PhaseStats} counted, frozen for a file or a message.
 *
 * @example
 * ```ts
 * other.absorb(stats.state() satisfies PhaseStatsState)
 * ```
 */
export interface PhaseStatsState {
  readonly responses: number;
  readonly malformed: number;
  /** Answers left out: a metric claimed more time than the whole answer took (files before it: none). */
  readonly implausible?: number;
  /** The first of them, as the server said it. */
  readonly implausibleExample?: ImplausibleTiming;
  /** Answers whose phases add up to more than their latency: phases that ran side by side. */
  readonly overlapping?: number;
  readonly pooled: number;
  readonly slow: number;
  readonly tracks: readonly PhaseTrackState[];
  readonly outside: PhaseTrackState;
  readonly total: PhaseTrackState;
  readonly latency: PhaseTrackState;
}

/**
 * An answer whose `Server-Timing` cannot be true: one metric longer than the answer took, timed by
 * lptf from the intended send time (which holds the server's whole part and more).
 *
 * @example
 * ```ts
 * const e: ImplausibleTiming = { name: 'db', durMs: 5000, latencyMs: 12 }
 * ```
 */
export interface ImplausibleTiming {
  readonly name: string;
  readonly durMs: number;
  readonly latencyMs: number;
}

/**
 * How far a metric may exceed the latency lptf measured and still be believed: a server rounds its
 * durations (`dur=1` for 0.4 ms) and its clock is not lptf's.
 */
export const TIMING_SLACK_MS = 1;

/** Most distinct phase names kept apart; more are pooled, so a target cannot grow memory. */
export const MAX_PHASE_NAMES = 24;
/** Where metrics beyond {@link MAX_PHASE_NAMES} go. */
export const OTHER_PHASES = '(other)';
/** Latency no phase accounts for: queueing, network, the framework, the generator. */
export const OUTSIDE_PHASES = '(outside phases)';

/**
 * One row of the phase table: a phase's durations over the OK answers that reported it.
 *
 * @example
 * ```ts
 * const row: PhaseRow = { name: 'db', latencyMs: summary, meanShare: 0.6, slowDominant: 0.8 }
 * ```
 */
export interface PhaseRow {
  readonly name: string;
  readonly latencyMs: LatencySummary;
  /** Its mean as a share of the mean latency of the answers with timings. */
  readonly meanShare: number | null;
  /** Of the slow answers with timings, the share where this was the largest part; null without a bound. */
  readonly slowDominant: number | null;
}

/**
 * The backend's phases as its `Server-Timing` headers told them, over the OK answers.
 *
 * @example
 * ```ts
 * result.phases?.rows.find((r) => r.name === 'db')?.latencyMs.p95
 * ```
 */
export interface PhasesSummary {
  /** OK answers that carried a Server-Timing header. */
  readonly responses: number;
  readonly malformed: number;
  /**
   * Answers left out because a metric claimed more than the whole answer took (a hostile or
   * broken server: `db;dur=5000` on a 12 ms answer would make a share of 40,000%).
   */
  readonly implausible: number;
  readonly implausibleExample: ImplausibleTiming | null;
  /** Answers whose phases add up to more than their latency (side by side): the shares then add up past 100%. */
  readonly overlapping: number;
  /** Metrics pooled into `(other)` because the target sent more than {@link MAX_PHASE_NAMES} names. */
  readonly pooled: number;
  /** An answer slower than this (ms, from the intended send time) is slow; the strictest check bound. */
  readonly slowMs: number | null;
  readonly slowResponses: number;
  /** Each phase in the order first seen, then `(outside phases)`. */
  readonly rows: readonly PhaseRow[];
  /** The server's own `total` metric, if it sends one. */
  readonly serverTotal: PhaseRow | null;
  /** Latency of the answers with timings: the rows' means add up to its mean. */
  readonly latencyMs: LatencySummary;
}

class Track {
  readonly h: LatencyHistogram = newLatencyHistogram();
  readonly exact: ExactStats = newExactStats();
  dominant = 0;
  record(ms: number): void {
    recordMs(this.h, ms);
    addExact(this.exact, ms);
  }
}

/**
 * Counts the phases of a target's `Server-Timing` headers: an HDR histogram per phase name
 * (bounded), the time outside them, and which part was largest in each slow answer.
 *
 * @example
 * ```ts
 * const stats = new PhaseStats(170); stats.record('db;dur=120, total;dur=130', 182)
 * ```
 */
export class PhaseStats {
  private readonly tracks = new Map<string, Track>();
  private readonly outside = new Track();
  private readonly total = new Track();
  private readonly latency = new Track();
  private responses = 0;
  private malformed = 0;
  private implausible = 0;
  private implausibleExample: ImplausibleTiming | null = null;
  private overlapping = 0;
  private pooled = 0;
  private slow = 0;
  // Reused per answer: the phases of one header, summed by name.
  private readonly scratch = new Map<string, number>();

  constructor(
    private readonly slowMs: number | null,
    private readonly maxNames = MAX_PHASE_NAMES,
  ) {}

  /** An OK answer's header and its latency from the intended send time. */
  record(header: string, latencyMs: number): void {
    const parsed = parseServerTiming(header);
    if (parsed.malformed) this.malformed++;
    const parts = this.scratch;
    parts.clear();
    let total: number | undefined;
    let longest: { name: string; durMs: number } | undefined;
    for (const m of parsed.metrics) {
      if (m.name.toLowerCase() === 'total') total ??= m.durMs;
      else parts.set(m.name, (parts.get(m.name) ?? 0) + m.durMs);
      if (!longest || m.durMs > longest.durMs) longest = m;
    }
    if (parts.size === 0 && total === undefined) return;
    if (longest && longest.durMs > latencyMs + TIMING_SLACK_MS) {
      this.implausible++;
      this.implausibleExample ??= { name: longest.name.slice(0, 64), durMs: longest.durMs, latencyMs };
      return;
    }
    this.responses++;
    this.latency.record(latencyMs);
    if (total !== undefined) this.total.record(total);
    // Pooled names of one answer add up to one (other) value, as duplicates of a name do.
    const byTrack = new Map<Track, number>();
    for (const [name, ms] of parts) {
      const track = this.track(name);
      byTrack.set(track, (byTrack.get(track) ?? 0) + ms);
    }
    let sum = 0;
    let largest: Track = this.outside;
    let largestMs = -1;
    for (const [track, ms] of byTrack) {
      track.record(ms);
      sum += ms;
      if (ms > largestMs) [largest, largestMs] = [track, ms];
    }
    if (sum > latencyMs + TIMING_SLACK_MS) this.overlapping++;
    const outside = Math.max(0, latencyMs - sum);
    this.outside.record(outside);
    if (outside > largestMs) largest = this.outside;
    if (this.slowMs !== null && latencyMs > this.slowMs) {
      this.slow++;
      largest.dominant++;
    }
  }

  summary(): PhasesSummary | null {
    if (this.responses === 0 && this.malformed === 0 && this.implausible === 0) return null;
    const meanLatency = this.latency.exact.count ? this.latency.exact.sumMs / this.latency.exact.count : 0;
    const row = (name: string, t: Track): PhaseRow => ({
      name,
      latencyMs: summarize(t.h, t.exact),
      // Over every answer with timings, not only those that had this phase: the means add up.
      meanShare: meanLatency > 0 ? t.exact.sumMs / this.responses / meanLatency : null,
      slowDominant: this.slowMs === null || this.slow === 0 ? null : t.dominant / this.slow,
    });
    return {
      responses: this.responses,
      malformed: this.malformed,
      implausible: this.implausible,
      implausibleExample: this.implausibleExample,
      overlapping: this.overlapping,
      pooled: this.pooled,
      slowMs: this.slowMs,
      slowResponses: this.slow,
      rows: [...[...this.tracks].map(([name, t]) => row(name, t)), row(OUTSIDE_PHASES, this.outside)],
      serverTotal: this.total.exact.count > 0 ? { ...row('server total', this.total), slowDominant: null } : null,
      latencyMs: summarize(this.latency.h, this.latency.exact),
    };
  }

  /** Freezes what was counted. */
  state(): PhaseStatsState {
    const frozen = (name: string, t: Track): PhaseTrackState => ({
      name,
      durations: histogramState(t.h, t.exact),
      dominant: t.dominant,
    });
    return {
      responses: this.responses,
      malformed: this.malformed,
      implausible: this.implausible,
      ...(this.implausibleExample ? { implausibleExample: this.implausibleExample } : {}),
      overlapping: this.overlapping,
      pooled: this.pooled,
      slow: this.slow,
      tracks: [...this.tracks].map(([name, t]) => frozen(name, t)),
      outside: frozen(OUTSIDE_PHASES, this.outside),
      total: frozen('total', this.total),
      latency: frozen('latency', this.latency),
    };
  }

  /** Adds another run's (or worker's) frozen phases to these. */
  absorb(s: PhaseStatsState): void {
    this.responses += s.responses;
    this.malformed += s.malformed;
    this.implausible += s.implausible ?? 0;
    this.implausibleExample ??= s.implausibleExample ?? null;
    this.overlapping += s.overlapping ?? 0;
    this.pooled += s.pooled;
    this.slow += s.slow;
    const add = (t: Track, from: PhaseTrackState): void => {
      absorbHistogram(t.h, t.exact, from.durations);
      t.dominant += from.dominant;
    };
    for (const t of s.tracks) add(t.name === OTHER_PHASES ? this.otherTrack() : this.track(t.name), t);
    add(this.outside, s.outside);
    add(this.total, s.total);
    add(this.latency, s.latency);
  }

  private otherTrack(): Track {
    let t = this.tracks.get(OTHER_PHASES);
    if (!t) {
      t = new Track();
      this.tracks.set(OTHER_PHASES, t);
    }
    return t;
  }

  private track(name: string): Track {
    let t = this.tracks.get(name);
    if (t) return t;
    if (this.tracks.size >= this.maxNames) {
      this.pooled++;
      name = OTHER_PHASES;
      t = this.tracks.get(name);
      if (t) return t;
    }
    t = new Track();
    this.tracks.set(name, t);
    return t;
  }
}
