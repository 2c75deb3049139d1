import { type LatencyHistogram, newLatencyHistogram, recordMs } from './histogram.js';
import { absorbHistogram, type HistogramState, histogramState } from './histogram-state.js';
import { addExact, type ExactStats, type LatencySummary, newExactStats, summarize } from './latency-summary.js';
import { PhaseStats, type PhaseStatsState } from './phase-stats.js';
import { type AnswerDetail, type ScopeState, ScopeStats } from './scope-stats.js';
import { SecondSeries, type SecondState } from './second-series.js';
import type { WireTiming } from './wire-times.js';

/** Failures of one kind in one group offered as examples: enough for the 3 distinct ones a scope keeps. */
const EXAMPLE_TRIES = 12;

/**
 * Everything a {@link Recorder} counted, frozen: the core of the mergeable measurement format
 * (see docs/measure-format.md). States of runs with the same bounds add up exactly.
 *
 * @example
 * ```ts
 * const merged = new Recorder(state.boundsMs, state.slowMs); merged.absorb(state)
 * ```
 */
export interface RecorderState {
  readonly boundsMs: readonly number[];
  readonly slowMs: number | null;
  readonly overall: ScopeState;
  readonly groups: Readonly<Record<string, ScopeState>>;
  /** The stages of a staged schedule, each counting the requests due in it (absent without stages). */
  readonly stages?: Readonly<Record<string, ScopeState>>;
  readonly lateness: HistogramState;
  /** Of the requests sent, the later steps of user flows (absent if none): the rest are arrivals. */
  readonly followUps?: number;
  readonly phases: PhaseStatsState;
  /** Closed seconds, in order (from `fromSecond` when a state carries only the newest). */
  readonly seconds: readonly SecondState[];
}

/**
 * Counts everything a run measures, and nothing else: no clock, no I/O, no rendering.
 * Each event goes to the whole-run scope, to its case group's scope, to its stage's scope when
 * the schedule has stages (a request belongs to the stage it was due in, whenever it is
 * answered) and to the per-second series. Times are in ms; `elapsedMs` is the time since the run's start when the event was
 * observed.
 *
 * @example
 * ```ts
 * const rec = new Recorder([170, 870])
 * rec.onDue('normal', 0.3)
 * rec.onSent('normal', 5)
 * rec.onOk('normal', 21, 20.7, 200, 26)
 * rec.overall.share('<=', 170) // 1
 * ```
 */
export class Recorder {
  readonly overall: ScopeStats;
  readonly groups = new Map<string, ScopeStats>();
  readonly stages = new Map<string, ScopeStats>();
  readonly series: SecondSeries;
  /** How late the generator handled each request after its due time (its own health). */
  readonly lateness: LatencyHistogram = newLatencyHistogram();
  private readonly latenessExact: ExactStats = newExactStats();
  private readonly bounds: readonly number[];
  /** Of the requests sent, the later steps of user flows: the rest are the schedule's arrivals. */
  followUps = 0;
  /** How many failures of each kind, by group, were offered as examples: a few per kind are enough. */
  private readonly exampleTries = new Map<string, Map<string, number>>();

  /** The backend's phases, from the `Server-Timing` headers of OK answers. */
  readonly phases: PhaseStats;

  /**
   * `slowMs`: the latency above which an answer counts as slow for the phase table (the
   * strictest bound). `series`: a time series to share (a merged view keeps one across rebuilds).
   */
  constructor(
    boundsMs: readonly number[],
    private readonly slowMs: number | null = null,
    series: SecondSeries = new SecondSeries(boundsMs),
  ) {
    this.bounds = boundsMs;
    this.series = series;
    this.overall = new ScopeStats(boundsMs);
    this.phases = new PhaseStats(slowMs);
  }

  /** The scope of a group, created on first use. */
  group(label: string): ScopeStats {
    let g = this.groups.get(label);
    if (!g) {
      g = new ScopeStats(this.bounds);
      this.groups.set(label, g);
    }
    return g;
  }

  /** The scope of a stage, created on first use. */
  stage(name: string): ScopeStats {
    let s = this.stages.get(name);
    if (!s) {
      s = new ScopeStats(this.bounds);
      this.stages.set(name, s);
    }
    return s;
  }

  /**
   * A request came due; the generator handled it `latenessMs` after its due time (null in a
   * closed loop, where nothing is due at a set time).
   */
  onDue(group: string, latenessMs: number | null, stage?: string): void {
    this.overall.onDue();
    this.group(group).onDue();
    if (stage !== undefined) this.stage(stage).onDue();
    if (latenessMs === null) return;
    recordMs(this.lateness, latenessMs);
    addExact(this.latenessExact, latenessMs);
  }

  onSent(group: string, elapsedMs: number, stage?: string): void {
    this.overall.onSent();
    this.group(group).onSent();
    if (stage !== undefined) this.stage(stage).onSent();
    const second = this.series.at(elapsedMs);
    second.sent++;
    second.group(group).sent++;
  }

  /**
   * A later step of a user flow came due and went out: due and sent in its group (and its
   * arrival's stage), and counted apart, so what was delivered is judged on arrivals alone.
   */
  onFollowUp(group: string, elapsedMs: number, stage?: string): void {
    this.onDue(group, null, stage);
    this.onSent(group, elapsedMs, stage);
    this.followUps++;
    this.series.at(elapsedMs).followUps++;
  }

  /** Requests sent as arrivals of the schedule: every request sent less the later steps of flows. */
  arrivalsSent(): number {
    return this.overall.sent - this.followUps;
  }

  /**
   * An arrival that never became a request (its data ran out, its `request()` threw): not sent,
   * counted apart with its kind. In its second it counts as failed, with that kind.
   */
  onUnsent(group: string, kind: string, elapsedMs: number, detail: AnswerDetail = {}, stage?: string): void {
    this.overall.onUnsent(kind, detail);
    this.group(group).onUnsent(kind, detail);
    if (stage !== undefined) this.stage(stage).onUnsent(kind, detail);
    const second = this.series.at(elapsedMs);
    second.recordFailed(kind);
    second.group(group).failed++;
  }

  /** An answer's phases on the wire, when its transport timed them: in the whole run's scope and its group's. */
  onWire(group: string, timing: WireTiming): void {
    this.overall.wire.record(timing);
    this.group(group).wire.record(timing);
  }

  /** A redirect of a request was followed: one more hop, in its group (and stage). */
  onRedirect(group: string, stage?: string): void {
    this.overall.onRedirect();
    this.group(group).onRedirect();
    if (stage !== undefined) this.stage(stage).onRedirect();
  }

  onDropped(group: string, elapsedMs: number, stage?: string): void {
    this.overall.onDropped();
    this.group(group).onDropped();
    if (stage !== undefined) this.stage(stage).onDropped();
    this.series.at(elapsedMs).dropped++;
  }

  onCancelled(group: string, stage?: string): void {
    this.overall.onCancelled();
    this.group(group).onCancelled();
    if (stage !== undefined) this.stage(stage).onCancelled();
  }

  onOk(
    group: string,
    latencyMs: number,
    serviceMs: number,
    status: number,
    elapsedMs: number,
    detail: AnswerDetail = {},
    stage?: string,
  ): void {
    this.overall.onOk(latencyMs, serviceMs, status, detail);
    this.group(group).onOk(latencyMs, serviceMs, status, detail);
    if (stage !== undefined) this.stage(stage).onOk(latencyMs, serviceMs, status, detail);
    const second = this.series.at(elapsedMs);
    second.recordOk(latencyMs);
    second.group(group).ok++;
  }

  /**
   * Whether a failure of `kind` in `group` is still worth describing as an example (building one
   * reads the answer's body): yes for the first few tries of each kind in each group.
   */
  wantsExample(group: string, kind: string): boolean {
    let kinds = this.exampleTries.get(group);
    if (!kinds) {
      kinds = new Map();
      this.exampleTries.set(group, kinds);
    }
    const tries = kinds.get(kind) ?? 0;
    if (tries >= EXAMPLE_TRIES) return false;
    kinds.set(kind, tries + 1);
    return true;
  }

  /** An OK answer carried a `Server-Timing` header. */
  onServerTiming(header: string, latencyMs: number): void {
    this.phases.record(header, latencyMs);
  }

  onFailed(
    group: string,
    kind: string,
    elapsedMs: number,
    status?: number,
    detail: AnswerDetail = {},
    stage?: string,
  ): void {
    this.overall.onFailed(kind, status, detail);
    this.group(group).onFailed(kind, status, detail);
    if (stage !== undefined) this.stage(stage).onFailed(kind, status, detail);
    const second = this.series.at(elapsedMs);
    second.recordFailed(kind);
    second.group(group).failed++;
  }

  /** Freezes what was counted; `fromSecond` leaves out older closed seconds (for incremental messages). */
  state(fromSecond = 1): RecorderState {
    return {
      boundsMs: this.bounds,
      slowMs: this.slowMs,
      overall: this.overall.state(),
      groups: Object.fromEntries([...this.groups].map(([label, g]) => [label, g.state()])),
      ...(this.stages.size > 0
        ? { stages: Object.fromEntries([...this.stages].map(([name, s]) => [name, s.state()])) }
        : {}),
      lateness: histogramState(this.lateness, this.latenessExact),
      ...(this.followUps > 0 ? { followUps: this.followUps } : {}),
      phases: this.phases.state(),
      seconds: this.series.closedStates(fromSecond),
    };
  }

  /** Adds another recorder's frozen scopes, lateness and phases to these (not its seconds: see `SecondSeries.appendMerged`). */
  absorb(state: RecorderState): void {
    this.overall.absorb(state.overall);
    for (const [label, g] of Object.entries(state.groups)) this.group(label).absorb(g);
    for (const [name, s] of Object.entries(state.stages ?? {})) this.stage(name).absorb(s);
    absorbHistogram(this.lateness, this.latenessExact, state.lateness);
    this.followUps += state.followUps ?? 0;
    this.phases.absorb(state.phases);
  }

  latenessSummary(): LatencySummary {
    return summarize(this.lateness, this.latenessExact);
  }
}
