import { AsyncLocalStorage } from 'node:async_hooks';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { LptfError } from '../../core/errors/index.js';
import { afterSettled } from './after-settled.js';
import { CPU_SCOPE, cpuNow } from './cpu-clock.js';
import type { PhaseRecord, PhaseTimerResult } from './phase-result.js';

/** The longest phase name accepted; a name is a label, not a payload. */
export const MAX_PHASE_NAME = 200;

/**
 * A misuse of a {@link PhaseTimer}, with a stable code: `LPTF_PHASE_NOT_STARTED`,
 * `LPTF_PHASE_STARTED`, `LPTF_PHASE_ENDED`, `LPTF_PHASE_NAME`, `LPTF_PHASE_LIMIT`.
 *
 * @example
 * ```ts
 * try { timer.phaseEnd('x') } catch (e) { if (e instanceof PhaseTimerError && e.code === 'LPTF_PHASE_NOT_STARTED') … }
 * ```
 */
export class PhaseTimerError extends LptfError {
  constructor(message: string, code: string) {
    super(message, code, 1);
  }
}

/**
 * Options of a {@link PhaseTimer}.
 *
 * @example
 * ```ts
 * new PhaseTimer({ name: 'import', memory: false })
 * ```
 */
export interface PhaseTimerOptions {
  /** A name for the whole test (default `straight test`). */
  readonly name?: string;
  /** Sample RSS and heap at each boundary (default true; costs a few µs each). */
  readonly memory?: boolean;
  /** Count GC pauses per phase, with `v8.GCProfiler` (default true; about 3 µs a boundary). */
  readonly gc?: boolean;
  /** Most phases kept; one more is an error, so a timer in a loop cannot grow without bound (default 10 000). */
  readonly maxPhases?: number;
}

/** The readings at one end of a phase. */
interface Reading {
  readonly t: number;
  readonly user: number;
  readonly system: number;
  readonly elu: EventLoopUtilization;
  readonly rss: number;
  readonly heap: number;
}

/** The readings a phase starts from, and the profiler collecting its GCs. */
interface Mark extends Reading {
  /**
   * Collects the GCs from this mark on, synchronously, with their cost (a `PerformanceObserver`
   * delivers GC entries only after the current task, too late for a phase that just ended).
   */
  readonly gc: GCProfiler | undefined;
}

const MB = 1024 * 1024;
const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/**
 * The straight test of the seed paper: start, run code, end a phase, …, end; each phase gets
 * its wall time, CPU time, memory, GC pauses and event-loop utilisation.
 *
 * @example
 * ```ts
 * const timer = new PhaseTimer().start()
 * fastMethod(n); timer.phaseEnd('Phase1')
 * mediumMethod(n); timer.phaseEnd('Phase2')
 * slowMethod(n); const result = timer.end('last')
 * await timer.phase('load', () => fetchAll())   // a phase around one piece of work, sync or async
 * ```
 */
export class PhaseTimer {
  private readonly name: string;
  private readonly memory: boolean;
  private readonly gc: boolean;
  private readonly maxPhases: number;
  private readonly phases: PhaseRecord[] = [];
  /**
   * The `phase(name, fn)` whose work is running, in this async context: what a phase begun now
   * nests in. Async-local, so concurrent phases each find their own parent.
   */
  private readonly open = new AsyncLocalStorage<{ readonly id: number; readonly from: Mark }>();
  /** Wall time of each phase's children so far, for its self time. */
  private readonly childWallMs = new Map<number, number>();
  private nextId = 0;
  private first: Mark | undefined;
  private last: Mark | undefined;
  private startedAt: Date | undefined;
  private endMs: number | undefined;

  constructor(options: PhaseTimerOptions = {}) {
    this.name = options.name ?? 'straight test';
    this.memory = options.memory ?? true;
    this.gc = options.gc ?? true;
    this.maxPhases = options.maxPhases ?? 10_000;
  }

  /** Starts the test (the paper's `RunTests`). */
  start(): this {
    if (this.first)
      throw new PhaseTimerError('start() called twice: a timer runs once; make a new one', 'LPTF_PHASE_STARTED');
    this.startedAt = new Date();
    this.first = this.last = this.begin(this.memoryNow());
    return this;
  }

  /** Ends the current phase (begun at the start or at the previous boundary) and names it. */
  phaseEnd(name: string): PhaseRecord {
    this.usable(name);
    const end = this.readEnd();
    const { from, parent } = this.boundary();
    const record = this.record(name, from, end, parent);
    if (from !== this.last) this.last?.gc?.stop();
    this.last = this.begin(end);
    return record;
  }

  /** Ends the last phase and the test (the paper's `End`), and returns the result. */
  end(name: string): PhaseTimerResult {
    this.usable(name);
    const end = this.readEnd();
    const { from, parent } = this.boundary();
    this.record(name, from, end, parent);
    if (from !== this.last) this.last?.gc?.stop();
    this.endMs = end.t;
    return this.result();
  }

  /**
   * Runs `fn` as a phase of its own, sync or async: the phase covers exactly its run (time
   * since the previous boundary is left unclaimed). A throwing `fn` still ends its phase.
   */
  phase<T>(name: string, fn: () => T): T {
    this.usable(name);
    const parent = this.open.getStore()?.id ?? null;
    const id = ++this.nextId;
    const from = this.begin(this.memoryNow());
    const close = (): void => {
      const end = this.readEnd();
      this.record(name, from, end, parent, id);
      // The next phaseEnd starts here, unless a later boundary was set meanwhile.
      const last = this.last as Mark;
      if (this.endMs === undefined && end.t > last.t) {
        last.gc?.stop();
        this.last = this.begin(end);
      }
    };
    return this.open.run({ id, from }, () => afterSettled(fn, close));
  }

  /** The result so far (`ended: false` until `end`), immutable. */
  result(): PhaseTimerResult {
    if (!this.first) throw new PhaseTimerError('result() before start(): nothing was timed', 'LPTF_PHASE_NOT_STARTED');
    const totalMs = (this.endMs ?? performance.now()) - this.first.t;
    // Nested phases are inside their parents' time: only the top level claims the total.
    const claimed = this.phases.reduce((n, p) => n + (p.parent === null ? p.wallMs : 0), 0);
    return Object.freeze({
      schema: 'lptf.phases/1',
      name: this.name,
      startedAt: (this.startedAt as Date).toISOString(),
      totalMs: round(totalMs, 4),
      unclaimedMs: round(Math.max(0, totalMs - claimed), 4),
      cpuScope: CPU_SCOPE,
      memory: this.memory,
      gc: this.gc,
      ended: this.endMs !== undefined,
      phases: Object.freeze([...this.phases]),
      meta: Object.freeze({ node: process.version, platform: process.platform, arch: process.arch }),
    });
  }

  private usable(name: string): void {
    if (!this.first)
      throw new PhaseTimerError(
        `phase "${String(name).slice(0, 40)}" before start(): call start() first`,
        'LPTF_PHASE_NOT_STARTED',
      );
    if (this.endMs !== undefined)
      throw new PhaseTimerError(
        `phase "${String(name).slice(0, 40)}" after end(): the test is over`,
        'LPTF_PHASE_ENDED',
      );
    if (typeof name !== 'string' || name.trim() === '')
      throw new PhaseTimerError('a phase needs a name', 'LPTF_PHASE_NAME');
    if (name.length > MAX_PHASE_NAME)
      throw new PhaseTimerError(
        `phase name of ${name.length} characters; at most ${MAX_PHASE_NAME}`,
        'LPTF_PHASE_NAME',
      );
    if (this.phases.length >= this.maxPhases)
      throw new PhaseTimerError(
        `more than ${this.maxPhases} phases; raise maxPhases or time fewer`,
        'LPTF_PHASE_LIMIT',
      );
  }

  private memoryNow(): { rss: number; heap: number } {
    if (!this.memory) return { rss: 0, heap: 0 };
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed };
  }

  /** The readings that end a phase: the clock first, so the readings' own cost falls outside it. */
  private readEnd(): Reading {
    const t = performance.now();
    const cpu = cpuNow();
    const elu = performance.eventLoopUtilization();
    return { t, user: cpu.user, system: cpu.system, elu, ...this.memoryNow() };
  }

  /**
   * The readings a phase starts from, the clock last: the timer's own bookkeeping between two
   * phases belongs to neither (it shows as unclaimed time). Memory is the last phase's end.
   */
  private begin(memory: { rss: number; heap: number }): Mark {
    const gc = this.gc ? new GCProfiler() : undefined;
    gc?.start();
    const elu = performance.eventLoopUtilization();
    const cpu = cpuNow();
    return { gc, elu, user: cpu.user, system: cpu.system, ...memory, t: performance.now() };
  }

  /** The GCs since `from` began (its profiler stops): how many, and their pause in ms. */
  private gcSince(from: Mark): { count: number; pauseMs: number } | undefined {
    if (!this.gc || !from.gc) return undefined;
    const stats = from.gc.stop()?.statistics;
    return { count: stats?.length ?? 0, pauseMs: (stats ?? []).reduce((n, g) => n + g.cost, 0) / 1000 };
  }

  /**
   * Where a boundary phase (`phaseEnd`, `end`) begins and what it nests in: the innermost open
   * `phase()` here, from the last boundary, or from that phase's own start if the last boundary is
   * older (a boundary written inside a phase never reaches back past it: `phaseEnd('inner1')` as
   * the first call in `phase('outer')` spanned from before `outer`, at the top level, and the
   * top-level shares added up to 126%). Such a boundary's GCs are not counted (null): the
   * profiler that saw them is its parent's.
   */
  private boundary(): { from: Mark; parent: number | null } {
    const last = this.last as Mark;
    const open = this.open.getStore();
    if (!open) return { from: last, parent: null };
    return open.from.t > last.t
      ? { from: { ...open.from, gc: undefined }, parent: open.id }
      : { from: last, parent: open.id };
  }

  private record(name: string, from: Mark, to: Reading, parent: number | null, id = ++this.nextId): PhaseRecord {
    const gc = this.gcSince(from);
    const wallMs = to.t - from.t;
    const cpuMs = (to.user - from.user + to.system - from.system) / 1000;
    if (parent !== null) this.childWallMs.set(parent, (this.childWallMs.get(parent) ?? 0) + wallMs);
    const record: PhaseRecord = Object.freeze({
      id,
      parent,
      name,
      startMs: round(from.t - (this.first as Mark).t, 4),
      wallMs: round(wallMs, 4),
      selfMs: round(Math.max(0, wallMs - (this.childWallMs.get(id) ?? 0)), 4),
      cpuUserMs: round((to.user - from.user) / 1000),
      cpuSystemMs: round((to.system - from.system) / 1000),
      cpuUtilization: wallMs > 0 ? round(cpuMs / wallMs, 4) : null,
      rssMB: this.memory ? round(to.rss / MB, 2) : null,
      rssDeltaMB: this.memory ? round((to.rss - from.rss) / MB, 2) : null,
      heapUsedMB: this.memory ? round(to.heap / MB, 2) : null,
      heapDeltaMB: this.memory ? round((to.heap - from.heap) / MB, 2) : null,
      gcCount: gc ? gc.count : null,
      gcPauseMs: gc ? round(gc.pauseMs) : null,
      eventLoopUtilization: loopUtilization(to.elu, from.elu),
    });
    this.phases.push(record);
    return record;
  }
}

/** Utilisation between two readings; null if the loop had not started (both counters still 0). */
function loopUtilization(to: EventLoopUtilization, from: EventLoopUtilization): number | null {
  const d = performance.eventLoopUtilization(to, from);
  return d.idle + d.active === 0 ? null : round(d.utilization, 4);
}
