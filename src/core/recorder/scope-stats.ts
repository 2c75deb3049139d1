import { countsAtOrBelow, type LatencyHistogram, newLatencyHistogram, percentileMs, recordMs } from './histogram.js';
import { absorbHistogram, type HistogramState, histogramState } from './histogram-state.js';
import { addExact, type ExactStats, type LatencySummary, newExactStats, summarize } from './latency-summary.js';
import { percentileSpectrum, type SpectrumPoint } from './spectrum.js';
import { WireTimes, type WireTimesState } from './wire-times.js';

/**
 * Everything a {@link ScopeStats} counted, frozen for a file or a message; adding it to another
 * scope (same bounds) is exact.
 *
 * @example
 * ```ts
 * const s: ScopeState = scope.state(); other.absorb(s)
 * ```
 */
export interface ScopeState {
  readonly scheduled: number;
  readonly sent: number;
  /** Arrivals that never became a request (absent before lptf 0.3: none were counted apart). */
  readonly unsent?: number;
  /** Redirects followed: hops beyond each request's first (absent when none). */
  readonly redirects?: number;
  /** Where the answers' time went on the wire (absent when no transport reported it, and before lptf 0.3). */
  readonly wire?: WireTimesState;
  readonly ok: number;
  readonly failed: number;
  readonly dropped: number;
  readonly cancelled: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
  readonly codes: Readonly<Record<string, number>>;
  readonly examples: Readonly<Record<string, readonly string[]>>;
  readonly warnings: Readonly<Record<string, number>>;
  /** Answers (counted in `ok`) whose content was not what their case expected, by kind; absent before lptf 0.2. */
  readonly unexpected?: Readonly<Record<string, number>>;
  /** What a protocol tallied of the answers (`lifespan=60`); absent before lptf 0.2. */
  readonly tallies?: Readonly<Record<string, number>>;
  readonly latency: HistogramState;
  readonly service: HistogramState;
  /** The exact share counters: for each bound (ms), OK answers at or below it, and below it. */
  readonly bounds: readonly { readonly ms: number; readonly atOrBelow: number; readonly below: number }[];
}

const addCounts = <K>(into: Map<K, number>, from: Readonly<Record<string, number>>, key: (k: string) => K): void => {
  for (const [k, n] of Object.entries(from)) into.set(key(k), (into.get(key(k)) ?? 0) + n);
};

/**
 * Request counts of one scope. Invariants: `scheduled = sent + unsent + dropped + cancelled + queued`,
 * `sent = completed + inflight`, `completed = ok + failed`.
 *
 * @example
 * ```ts
 * const c: RequestCounts = { scheduled: 10, sent: 10, completed: 10, ok: 9, failed: 1, dropped: 0, cancelled: 0 }
 * ```
 */
export interface RequestCounts {
  /** Came due on the schedule. */
  readonly scheduled: number;
  /** Actually sent: what left the client. */
  readonly sent: number;
  /**
   * Came due but never became a request: its data ran out (`data_exhausted`), its `request()`
   * threw or returned no request (`script_error`). Counted apart from `sent`, with its kind in the
   * errors; like a dropped arrival, never within a bound.
   */
  readonly unsent: number;
  /** Finished: an answer, an error or a timeout. */
  readonly completed: number;
  /** Completed with an accepted status. */
  readonly ok: number;
  /** Completed with an error, a timeout or a rejected status. */
  readonly failed: number;
  /** Not sent: the wait queue was full (the target could not keep up). */
  readonly dropped: number;
  /** Not sent or not finished because the run was interrupted. */
  readonly cancelled: number;
  /** Redirects followed: hops beyond the requests' first (each request is judged on its last answer). */
  readonly redirects: number;
}

/**
 * What else an answer told: a reply code to tally, an example of a failure, a warning.
 *
 * @example
 * ```ts
 * recorder.onOk('normal', 21, 20, 200, 1000, { code: '0' })
 * ```
 */
export interface AnswerDetail {
  readonly code?: string;
  readonly example?: string;
  readonly warning?: string;
  /** An answer whose content is not what its case expected (`unexpected_err_code`): timed as an answer, counted apart. */
  readonly unexpected?: string;
  /** Something a protocol counts of its answers (`lifespan=60`: the cache time a reply declares). */
  readonly tally?: string;
}

/**
 * How many examples of each failure kind a scope keeps.
 *
 * @example
 * ```ts
 * scope.examples.get('protocol_bad_signature')?.length // at most EXAMPLES_KEPT
 * ```
 */
export const EXAMPLES_KEPT = 3;

/**
 * The comparison of a share: `share(<=170ms)` is the share answered OK within 170 ms.
 *
 * @example
 * ```ts
 * scope.share('<=' satisfies ShareOp, 170)
 * ```
 */
export type ShareOp = '<=' | '<' | '>' | '>=';

/**
 * Counters and histograms for one scope of a run: the whole run or one case group.
 *
 * Latencies of OK requests go into HDR histograms (from the intended send time, and from the
 * actual send). Shares against the bounds given up front are counted exactly, not read off the
 * histogram, because they decide pass or fail.
 *
 * @example
 * ```ts
 * const s = new ScopeStats([170, 870])
 * s.onDue(); s.onSent(); s.onOk(20, 19, 200)
 * s.share('<=', 170) // 1
 * ```
 */
export class ScopeStats {
  scheduled = 0;
  sent = 0;
  unsent = 0;
  /** Redirects followed: hops beyond each request's first. */
  redirects = 0;
  /** Where the answers' time went on the wire: time to first byte, download, connect, TLS. */
  readonly wire = new WireTimes();
  ok = 0;
  failed = 0;
  dropped = 0;
  cancelled = 0;
  readonly errors = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  /** Reply codes (the widget protocol's `err_code`) of every answer that carried one. */
  readonly codes = new Map<string, number>();
  /** The first few examples of each failure kind. */
  readonly examples = new Map<string, string[]>();
  readonly warnings = new Map<string, number>();
  /** Answers whose content was not what their case expected, by kind (a subset of `ok`). */
  readonly unexpected = new Map<string, number>();
  /** What a protocol tallied of the answers. */
  readonly tallies = new Map<string, number>();
  readonly latency: LatencyHistogram = newLatencyHistogram();
  readonly service: LatencyHistogram = newLatencyHistogram();
  private readonly latencyExact: ExactStats = newExactStats();
  private readonly serviceExact: ExactStats = newExactStats();
  private readonly bounds: readonly number[];
  private readonly atOrBelow: number[];
  private readonly below: number[];

  constructor(boundsMs: readonly number[]) {
    this.bounds = [...new Set(boundsMs)];
    this.atOrBelow = this.bounds.map(() => 0);
    this.below = this.bounds.map(() => 0);
  }

  onDue(): void {
    this.scheduled++;
  }

  onSent(): void {
    this.sent++;
  }

  onDropped(): void {
    this.dropped++;
  }

  onRedirect(): void {
    this.redirects++;
  }

  /** An arrival that never became a request, of the given kind (`data_exhausted`, `script_error`). */
  onUnsent(kind: string, detail: AnswerDetail = {}): void {
    this.unsent++;
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    this.countDetail(kind, detail);
  }

  onCancelled(): void {
    this.cancelled++;
  }

  /** An accepted answer: `latencyMs` from the intended send time, `serviceMs` from the actual send. */
  onOk(latencyMs: number, serviceMs: number, status: number, detail: AnswerDetail = {}): void {
    this.ok++;
    this.countStatus(status);
    if (detail.unexpected !== undefined)
      this.unexpected.set(detail.unexpected, (this.unexpected.get(detail.unexpected) ?? 0) + 1);
    this.countDetail(detail.unexpected, detail);
    recordMs(this.latency, latencyMs);
    recordMs(this.service, serviceMs);
    addExact(this.latencyExact, latencyMs);
    addExact(this.serviceExact, serviceMs);
    for (let i = 0; i < this.bounds.length; i++) {
      const b = this.bounds[i] as number;
      if (latencyMs <= b) this.atOrBelow[i] = (this.atOrBelow[i] as number) + 1;
      if (latencyMs < b) this.below[i] = (this.below[i] as number) + 1;
    }
  }

  /** A failure of the given kind (`refused`, `timeout`, `http_503`, …). */
  onFailed(kind: string, status?: number, detail: AnswerDetail = {}): void {
    this.failed++;
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (status !== undefined) this.countStatus(status);
    this.countDetail(kind, detail);
  }

  counts(): RequestCounts {
    const completed = this.ok + this.failed;
    return {
      scheduled: this.scheduled,
      sent: this.sent,
      unsent: this.unsent,
      completed,
      ok: this.ok,
      failed: this.failed,
      dropped: this.dropped,
      cancelled: this.cancelled,
      redirects: this.redirects,
    };
  }

  /** Arrivals whose fate is known: completed, never made, or dropped. The denominator of every share. */
  decided(): number {
    return this.ok + this.failed + this.unsent + this.dropped;
  }

  /**
   * The share of decided requests answered OK within (or, for `>`/`>=`, not within) a bound.
   * A failed or dropped request is never "within" a bound: a fast error page is not a fast
   * answer, so it counts against `share(<=…)` and towards `share(>…)`. Exact, for the bounds
   * given to the constructor (the runner passes every bound its checks use).
   */
  share(op: ShareOp, boundMs: number): number {
    const decided = this.decided();
    if (decided === 0) return Number.NaN;
    const inclusive = op === '<=' || op === '>';
    const i = this.bounds.indexOf(boundMs);
    if (i < 0) throw new RangeError(`no exact counter for a ${boundMs} ms bound; pass it to the constructor`);
    const within = (inclusive ? this.atOrBelow[i] : this.below[i]) as number;
    // Divide counts, never `1 - share`: the complement must be exact too.
    return op === '<=' || op === '<' ? within / decided : (decided - within) / decided;
  }

  /**
   * The share of answers whose content was what their case expected (a widget's `err_code`, say);
   * NaN with no answer. Timing and content are judged apart: an unexpected answer still counts,
   * with its latency, in every share.
   */
  expectedShare(): number {
    if (this.ok === 0) return Number.NaN;
    let unexpected = 0;
    for (const n of this.unexpected.values()) unexpected += n;
    return (this.ok - unexpected) / this.ok;
  }

  /**
   * OK answers at or below each latency bound (ms, ascending), their count and the sum of their
   * latencies: a cumulative histogram, as metrics systems keep one. A bound a check uses is counted
   * by the share's exact counter, not by its HDR bucket, which also holds answers up to 0.1% above
   * it: in CI an answer just over 170 ms was in Prometheus' `le="0.17"` bucket and not in
   * `share(<=170ms)`, where docs/metrics.md's query must give the check's figure exactly. The
   * other buckets are held between the exact ones, so the histogram stays cumulative.
   */
  latencyBuckets(boundsMs: readonly number[]): { atOrBelow: number[]; count: number; sumMs: number } {
    const atOrBelow = countsAtOrBelow(this.latency, boundsMs);
    const exact = boundsMs.map((ms) => this.bounds.indexOf(ms));
    let floor = 0;
    for (const [i, j] of exact.entries()) {
      if (j >= 0) floor = this.atOrBelow[j] as number;
      atOrBelow[i] = j >= 0 ? floor : Math.max(atOrBelow[i] as number, floor);
    }
    let ceiling = Number.POSITIVE_INFINITY;
    for (let i = exact.length - 1; i >= 0; i--) {
      if ((exact[i] as number) >= 0) ceiling = atOrBelow[i] as number;
      else atOrBelow[i] = Math.min(atOrBelow[i] as number, ceiling);
    }
    return { atOrBelow, count: this.latencyExact.count, sumMs: this.latencyExact.sumMs };
  }

  percentile(p: number): number | null {
    return percentileMs(this.latency, p);
  }

  /** The latency distribution of OK answers; see {@link percentileSpectrum}. */
  latencySpectrum(): SpectrumPoint[] {
    return percentileSpectrum(this.latency, this.latencyExact.minMs, this.latencyExact.maxMs);
  }

  latencySummary(): LatencySummary {
    return summarize(this.latency, this.latencyExact);
  }

  serviceSummary(): LatencySummary {
    return summarize(this.service, this.serviceExact);
  }

  /** Freezes what this scope counted. */
  state(): ScopeState {
    return {
      scheduled: this.scheduled,
      sent: this.sent,
      ...(this.unsent > 0 ? { unsent: this.unsent } : {}),
      ...(this.redirects > 0 ? { redirects: this.redirects } : {}),
      ...(this.wire.empty ? {} : { wire: this.wire.state() }),
      ok: this.ok,
      failed: this.failed,
      dropped: this.dropped,
      cancelled: this.cancelled,
      errors: Object.fromEntries(this.errors),
      statuses: Object.fromEntries(this.statuses),
      codes: Object.fromEntries(this.codes),
      examples: Object.fromEntries(this.examples),
      warnings: Object.fromEntries(this.warnings),
      unexpected: Object.fromEntries(this.unexpected),
      tallies: Object.fromEntries(this.tallies),
      latency: histogramState(this.latency, this.latencyExact),
      service: histogramState(this.service, this.serviceExact),
      bounds: this.bounds.map((ms, i) => ({
        ms,
        atOrBelow: this.atOrBelow[i] as number,
        below: this.below[i] as number,
      })),
    };
  }

  /** Adds another scope's frozen counts (another worker's, another machine's) to this one. */
  absorb(s: ScopeState): void {
    this.scheduled += s.scheduled;
    this.sent += s.sent;
    this.unsent += s.unsent ?? 0;
    this.redirects += s.redirects ?? 0;
    if (s.wire) this.wire.absorb(s.wire);
    this.ok += s.ok;
    this.failed += s.failed;
    this.dropped += s.dropped;
    this.cancelled += s.cancelled;
    addCounts(this.errors, s.errors, String);
    addCounts(this.statuses, s.statuses, Number);
    addCounts(this.codes, s.codes, String);
    addCounts(this.warnings, s.warnings, String);
    addCounts(this.unexpected, s.unexpected ?? {}, String);
    addCounts(this.tallies, s.tallies ?? {}, String);
    for (const [kind, list] of Object.entries(s.examples)) {
      const kept = this.examples.get(kind) ?? [];
      this.examples.set(kind, [...new Set([...kept, ...list])].slice(0, EXAMPLES_KEPT));
    }
    absorbHistogram(this.latency, this.latencyExact, s.latency);
    absorbHistogram(this.service, this.serviceExact, s.service);
    for (const b of s.bounds) {
      const i = this.bounds.indexOf(b.ms);
      // Shares decide pass or fail: a bound counted elsewhere but not here cannot be made exact.
      if (i < 0) throw new RangeError(`cannot merge: no counter here for the ${b.ms} ms bound`);
      this.atOrBelow[i] = (this.atOrBelow[i] as number) + b.atOrBelow;
      this.below[i] = (this.below[i] as number) + b.below;
    }
  }

  private countDetail(kind: string | undefined, detail: AnswerDetail): void {
    if (detail.code !== undefined) this.codes.set(detail.code, (this.codes.get(detail.code) ?? 0) + 1);
    if (detail.warning !== undefined) this.warnings.set(detail.warning, (this.warnings.get(detail.warning) ?? 0) + 1);
    if (detail.tally !== undefined) this.tallies.set(detail.tally, (this.tallies.get(detail.tally) ?? 0) + 1);
    if (kind !== undefined && detail.example !== undefined) {
      const kept = this.examples.get(kind) ?? [];
      // Distinct ones: the same text three times tells the reader less than one.
      if (kept.length < EXAMPLES_KEPT && !kept.includes(detail.example))
        this.examples.set(kind, [...kept, detail.example]);
    }
  }

  private countStatus(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
}
