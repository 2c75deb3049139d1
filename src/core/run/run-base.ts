import { performance } from 'node:perf_hooks';
import type { CaseSource } from '../cases/index.js';
import type { Recorder } from '../recorder/index.js';
import type { Transport } from '../transport/index.js';
import { RequestSender, type SendOptions } from './request-sender.js';
import type { Run, RunTiming } from './run.js';

/**
 * What every pacer is given besides how it paces: how requests are built and judged, and a clock.
 *
 * @example
 * ```ts
 * const o: PacerOptions = { buildRequest, classify, clock: () => performance.now() }
 * ```
 */
export interface PacerOptions extends SendOptions {
  /** A monotonic clock in ms; `performance.now` unless a test (or a striped run) supplies its own. */
  readonly clock?: () => number;
}

/**
 * The lifecycle every run shares, whatever paces it (k6's executors share one base too): start
 * on the run's clock, send through one {@link RequestSender}, count what is in flight, stop or
 * abort, and resolve with the {@link RunTiming} once the pacer says it is done and every answer
 * is in. A pacer supplies only how it begins, when it is done, and the window its sends took.
 *
 * @example
 * ```ts
 * class EveryTick extends RunBase<PacerOptions> { protected begin() {…} protected isDone() {…} protected window() {…} stop() {…} }
 * ```
 */
export abstract class RunBase<O extends PacerOptions> implements Run {
  protected readonly clock: () => number;
  protected sender: RequestSender | undefined;
  /** The schedule's start, on the run's clock. */
  protected startMs = 0;
  protected inflightCount = 0;
  /** Whether `stop()` cut the run short. */
  protected interrupted = false;
  /** Why the schedule ended early, when an arrival said the run ends (its data ran dry). */
  protected endedEarly: string | undefined;
  private finish: (() => void) | undefined;

  constructor(
    protected readonly options: O,
    protected readonly transport: Transport,
    protected readonly cases: CaseSource,
    protected readonly recorder: Recorder,
  ) {
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Runs from `atMs` (on the run's clock; now by default) to the end, or until stopped, and waits for every answer. */
  start(atMs?: number): Promise<RunTiming> {
    const startedAt = new Date();
    this.startMs = atMs ?? this.clock();
    this.sender = new RequestSender(this.options, this.transport, this.recorder, this.clock, this.startMs);
    const done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    this.begin();
    return done.then(() => {
      const end = this.clock();
      return {
        startMs: this.startMs,
        startedAt,
        ...this.window(end),
        totalMs: end - this.startMs,
        interrupted: this.interrupted,
        ...(this.endedEarly === undefined ? {} : { endedEarly: this.endedEarly }),
      };
    });
  }

  /** Stops sending; requests in flight may finish. With a reason, the run ended early as asked, not interrupted. */
  abstract stop(endedEarly?: string): void;

  /** Stops at once: also aborts requests in flight (they count as cancelled). */
  abort(): void {
    this.stop();
    this.sender?.abort();
  }

  /** Ms since the start, on the run's clock; 0 until started (progress may tick while connections open). */
  elapsedMs(): number {
    return this.sender ? this.clock() - this.startMs : 0;
  }

  get inflight(): number {
    return this.inflightCount;
  }

  /** Starts pacing (the sender is ready); a run stopped before its start finishes at once. */
  protected abstract begin(): void;

  /** Whether nothing more will be sent and nothing is in flight or waiting. */
  protected abstract isDone(): boolean;

  /** How long the schedule ran, and the window the sends took, given the time of the last answer. */
  protected abstract window(endMs: number): Pick<RunTiming, 'scheduleMs' | 'sendWindowMs'>;

  /** Resolves `start()` once the run is done. */
  protected maybeFinish(): void {
    if (!this.isDone()) return;
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }
}
