import { type LatencyHistogram, newLatencyHistogram, percentileMs, recordMs } from './histogram.js';
import { decodeHistogram, encodeHistogram } from './histogram-state.js';

/**
 * One closed second, frozen for a file or a message: its counters and its latency histogram
 * (HdrHistogram compressed V2, base64). Seconds of several runs merge exactly.
 *
 * @example
 * ```ts
 * const s: SecondState = { second: 1, sent: 200, ok: 200, failed: 0, dropped: 0, errors: {}, maxMs: 31, hdr: 'HISTFAAAA…' }
 * ```
 */
export interface SecondState {
  readonly second: number;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly dropped: number;
  /** Of `sent`, the later steps of user flows (absent if none): the rest are arrivals. */
  readonly followUps?: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly maxMs: number;
  readonly hdr: string;
  /** Each group's counts in this second (absent in files written before them). */
  readonly groups?: Readonly<Record<string, GroupSecond>>;
  /** Of `ok`, how many were answered within each share bound of the checks (absent without bounds). */
  readonly bounds?: readonly BoundCount[];
}

/**
 * OK answers within one latency bound, counted exactly, as a scope counts them: a share judged
 * over a window must agree with the same share over the whole run.
 *
 * @example
 * ```ts
 * const b: BoundCount = { ms: 170, atOrBelow: 198, below: 197 }
 * ```
 */
export interface BoundCount {
  readonly ms: number;
  readonly atOrBelow: number;
  readonly below: number;
}

/**
 * One group's (a scenario's, a flow step's, a case group's) counts in one second: what the
 * per-scenario chart draws, and what merges exactly, as sums.
 *
 * @example
 * ```ts
 * const g: GroupSecond = { sent: 120, ok: 119, failed: 1 }
 * ```
 */
export interface GroupSecond {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
}

/** A group's counters in the open second. */
interface GroupCounts {
  sent: number;
  ok: number;
  failed: number;
}

/**
 * What happened in one second of a run (by the time events were observed), for the time series.
 *
 * @example
 * ```ts
 * const s: SecondSummary = { second: 1, sent: 200, ok: 199, failed: 1, errors: { timeout: 1 }, dropped: 0, p50: 20, p95: 31, p99: 40, max: 52 }
 * ```
 */
export interface SecondSummary {
  /** 1-based: second 1 covers elapsed [0 s, 1 s). */
  readonly second: number;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  /** Failures of this second by kind (`timeout`, `http_503`, …); only the kinds that occurred. */
  readonly errors: Readonly<Record<string, number>>;
  readonly dropped: number;
  /** Percentiles (ms) of OK requests answered in this second; null if none. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** Each group's counts in this second (a result with one group leaves them out). */
  readonly groups?: Readonly<Record<string, GroupSecond>>;
}

/**
 * How many closed seconds the "recent" figures cover.
 *
 * @example
 * ```ts
 * series.recentPercentile(95) // over the last RECENT_SECONDS seconds
 * ```
 */
export const RECENT_SECONDS = 5;

/**
 * The per-second time series. Only the open second and the last few closed seconds keep a
 * histogram; older seconds are reduced to a {@link SecondSummary}, so memory grows by a few
 * numbers a second, not with the request count.
 *
 * @example
 * ```ts
 * const series = new SecondSeries()
 * series.at(0).sent++
 * series.at(1200) // closes second 1, opens second 2
 * series.closed()[0].sent // 1
 * ```
 */
export class SecondSeries {
  private readonly summaries: SecondSummary[] = [];
  // Every closed second's counters and encoded histogram (~0.1-3 KB a second): what makes a run
  // mergeable with others, at a cost that grows with its length, not with its request count.
  private readonly states: SecondState[] = [];
  private readonly recent: LatencyHistogram[] = [];
  private current: OpenSecond;
  private readonly scratch: LatencyHistogram = newLatencyHistogram();

  /** `boundsMs`: the checks' share bounds, counted exactly in each second. */
  constructor(private readonly boundsMs: readonly number[] = []) {
    this.current = new OpenSecond(1, undefined, boundsMs);
  }

  /** The open second for an event at `elapsedMs`, closing any seconds that have passed. */
  at(elapsedMs: number): OpenSecond {
    const second = Math.floor(Math.max(0, elapsedMs) / 1000) + 1;
    while (second > this.current.second) this.close();
    return this.current;
  }

  /** Closes the open second even if it has no events yet (end of the run). */
  flush(elapsedMs: number): void {
    this.at(elapsedMs);
    if (this.current.hasEvents()) this.close();
  }

  closed(): readonly SecondSummary[] {
    return this.summaries;
  }

  /** The closed seconds from `fromSecond` on, frozen. */
  closedStates(fromSecond = 1): readonly SecondState[] {
    return this.states.slice(Math.max(0, fromSecond - 1));
  }

  /**
   * Appends the next second as the merge of several runs' states of that second (other
   * workers', other machines'). For a series that only merges: nothing is recorded into it.
   */
  appendMerged(parts: readonly SecondState[]): void {
    const merged = new OpenSecond(this.current.second, this.current.latency, this.boundsMs);
    for (const p of parts) merged.absorb(p);
    this.current = merged;
    this.close();
  }

  /** The p-th percentile (ms) of OK latencies over the last few seconds, or null. */
  recentPercentile(p: number): number | null {
    const merged = this.scratch;
    merged.reset();
    for (const h of this.recent) merged.add(h);
    merged.add(this.current.latency);
    return percentileMs(merged, p);
  }

  /** Requests sent per second over the last few closed seconds (the current rate). */
  recentRate(): number {
    const last = this.summaries.slice(-RECENT_SECONDS);
    if (last.length === 0) return this.current.sent;
    return last.reduce((n, s) => n + s.sent, 0) / last.length;
  }

  /** Arrivals sent per second over the last few closed seconds: the requests less the later steps of user flows. */
  recentArrivalRate(): number {
    const last = this.states.slice(-RECENT_SECONDS);
    if (last.length === 0) return this.current.sent - this.current.followUps;
    return last.reduce((n, s) => n + s.sent - (s.followUps ?? 0), 0) / last.length;
  }

  private close(): void {
    const c = this.current;
    this.summaries.push(c.summary());
    this.states.push(c.state());
    this.recent.push(c.latency);
    // Reuse the histogram that leaves the window: no allocation per second.
    const reused = this.recent.length > RECENT_SECONDS ? this.recent.shift() : undefined;
    reused?.reset();
    this.current = new OpenSecond(c.second + 1, reused, this.boundsMs);
  }
}

/**
 * Counters of the second being recorded now.
 *
 * @example
 * ```ts
 * const s = new OpenSecond(1); s.recordOk(12); s.recordFailed('timeout')
 * ```
 */
export class OpenSecond {
  sent = 0;
  /** Of `sent`, the later steps of user flows. */
  followUps = 0;
  ok = 0;
  failed = 0;
  dropped = 0;
  readonly latency: LatencyHistogram;
  private maxMs = 0;
  // Few kinds ever occur in one second; a Map created on the first failure costs nothing when all is well.
  private errors: Map<string, number> | undefined;
  private byGroup: Map<string, GroupCounts> | undefined;
  /** OK answers at or below, and below, each bound. */
  private readonly atOrBelow: number[];
  private readonly below: number[];

  /** `histogram`, if given, must be empty; it is reused to save an allocation. `boundsMs`: the bounds counted exactly. */
  constructor(
    readonly second: number,
    histogram?: LatencyHistogram,
    private readonly boundsMs: readonly number[] = [],
  ) {
    this.latency = histogram ?? newLatencyHistogram();
    this.atOrBelow = boundsMs.map(() => 0);
    this.below = boundsMs.map(() => 0);
  }

  recordOk(latencyMs: number): void {
    this.ok++;
    recordMs(this.latency, latencyMs);
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
    for (let i = 0; i < this.boundsMs.length; i++) {
      const bound = this.boundsMs[i] as number;
      if (latencyMs <= bound) {
        (this.atOrBelow[i] as number)++;
        if (latencyMs < bound) (this.below[i] as number)++;
      }
    }
  }

  recordFailed(kind: string): void {
    this.failed++;
    this.errors ??= new Map();
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** A group's counters in this second (the recorder counts its sends, answers and failures there too). */
  group(label: string): GroupCounts {
    this.byGroup ??= new Map();
    let g = this.byGroup.get(label);
    if (!g) {
      g = { sent: 0, ok: 0, failed: 0 };
      this.byGroup.set(label, g);
    }
    return g;
  }

  /** Adds a frozen second's counts and latencies to this one. */
  absorb(s: SecondState): void {
    this.sent += s.sent;
    this.followUps += s.followUps ?? 0;
    this.ok += s.ok;
    this.failed += s.failed;
    this.dropped += s.dropped;
    for (const [kind, n] of Object.entries(s.errors)) {
      this.errors ??= new Map();
      this.errors.set(kind, (this.errors.get(kind) ?? 0) + n);
    }
    for (const [label, n] of Object.entries(s.groups ?? {})) {
      const g = this.group(label);
      g.sent += n.sent;
      g.ok += n.ok;
      g.failed += n.failed;
    }
    if (s.ok > 0) this.latency.add(decodeHistogram(s.hdr));
    if (s.maxMs > this.maxMs) this.maxMs = s.maxMs;
    for (const b of s.bounds ?? []) {
      const i = this.boundsMs.indexOf(b.ms);
      if (i < 0) continue;
      (this.atOrBelow[i] as number) += b.atOrBelow;
      (this.below[i] as number) += b.below;
    }
  }

  /** This second, frozen. */
  state(): SecondState {
    return {
      second: this.second,
      sent: this.sent,
      ok: this.ok,
      failed: this.failed,
      dropped: this.dropped,
      ...(this.followUps > 0 ? { followUps: this.followUps } : {}),
      errors: this.errors ? Object.fromEntries(this.errors) : {},
      maxMs: this.maxMs,
      hdr: encodeHistogram(this.latency),
      ...this.groupsOf(),
      ...(this.boundsMs.length > 0
        ? {
            bounds: this.boundsMs.map((ms, i) => ({
              ms,
              atOrBelow: this.atOrBelow[i] as number,
              below: this.below[i] as number,
            })),
          }
        : {}),
    };
  }

  hasEvents(): boolean {
    return this.sent + this.ok + this.failed + this.dropped > 0;
  }

  summary(): SecondSummary {
    const p = (q: number): number | null => {
      const v = percentileMs(this.latency, q);
      return v === null ? null : Math.round(Math.min(v, this.maxMs) * 1000) / 1000;
    };
    return {
      second: this.second,
      sent: this.sent,
      ok: this.ok,
      failed: this.failed,
      errors: this.errors ? Object.fromEntries(this.errors) : {},
      dropped: this.dropped,
      p50: p(50),
      p95: p(95),
      p99: p(99),
      max: this.ok ? Math.round(this.maxMs * 1000) / 1000 : null,
      ...this.groupsOf(),
    };
  }

  /** `{ groups }` with a copy of each group's counts, or nothing when no group was counted. */
  private groupsOf(): { groups?: Record<string, GroupSecond> } {
    if (!this.byGroup) return {};
    return { groups: Object.fromEntries([...this.byGroup].map(([label, g]) => [label, { ...g }])) };
  }
}
