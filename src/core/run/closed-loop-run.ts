import { performance } from 'node:perf_hooks';
import type { CaseSource } from '../cases/index.js';
import type { Recorder } from '../recorder/index.js';
import type { Transport } from '../transport/index.js';
import { RequestSender, type SendOptions } from './request-sender.js';
import type { Run, RunTiming } from './run.js';

/**
 * How a closed loop runs.
 *
 * @example
 * ```ts
 * const o: ClosedLoopOptions = { connections: 50, durationMs: 10_000, buildRequest, classify: statusOutcome((s) => s < 400) }
 * ```
 */
export interface ClosedLoopOptions extends SendOptions {
  /** Requests kept in flight: each sends its next request as soon as its last is answered. */
  readonly connections: number;
  /** How long to keep sending. */
  readonly durationMs: number;
  /** A monotonic clock in ms; `performance.now` unless a test supplies its own. */
  readonly clock?: () => number;
}

/**
 * A closed-loop run (wrk, autocannon): `connections` requests are always in flight, and each
 * answer triggers the next request. It measures how much the target can take (headroom), not
 * the latency users see at a given rate: a slow answer delays the next request, so the load
 * backs off exactly when the target struggles (coordinated omission by design). The report
 * says so; use the open model (`--rate`) for latency goals.
 *
 * @example
 * ```ts
 * const run = new ClosedLoopRun({ connections: 50, durationMs: 10_000, buildRequest, classify }, transport, cases, recorder)
 * const timing = await run.start()
 * ```
 */
export class ClosedLoopRun implements Run {
  private readonly clock: () => number;
  private sender: RequestSender | undefined;
  private startMs = 0;
  private endMs = 0;
  private issued = 0;
  private inflightCount = 0;
  private stoppedAt: number | undefined;
  private interrupted = false;
  private deadline: NodeJS.Timeout | undefined;
  private finish: (() => void) | undefined;

  constructor(
    private readonly options: ClosedLoopOptions,
    private readonly transport: Transport,
    private readonly cases: CaseSource,
    private readonly recorder: Recorder,
  ) {
    this.clock = options.clock ?? (() => performance.now());
  }

  start(atMs?: number): Promise<RunTiming> {
    const startedAt = new Date();
    this.startMs = atMs ?? this.clock();
    this.endMs = this.startMs + this.options.durationMs;
    this.sender = new RequestSender(this.options, this.transport, this.recorder, this.clock, this.startMs);
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    // The end is checked at each send; this timer only ends a run whose requests all hang.
    this.deadline = setTimeout(() => this.end(false), this.options.durationMs);
    for (let i = 0; i < this.options.connections && this.stoppedAt === undefined; i++) this.next();
    this.maybeFinish(); // stopped before it started: nothing was sent
    return done.then(() => {
      const end = this.clock();
      const stopped = this.stoppedAt ?? end;
      return {
        startMs: this.startMs,
        startedAt,
        scheduleMs: Math.max(0, stopped - this.startMs),
        sendWindowMs: Math.max(0, stopped - this.startMs),
        totalMs: end - this.startMs,
        interrupted: this.interrupted,
      };
    });
  }

  stop(): void {
    this.end(true);
  }

  abort(): void {
    this.end(true);
    this.sender?.abort();
  }

  elapsedMs(): number {
    // 0 until started: progress may tick while connections open or a start time is awaited.
    return this.sender ? this.clock() - this.startMs : 0;
  }

  get inflight(): number {
    return this.inflightCount;
  }

  private readonly next = (): void => {
    // A loop: a request that cannot be built is recorded and the next one tried at once.
    while (this.stoppedAt === undefined) {
      if (this.clock() >= this.endMs) {
        this.end(false);
        return;
      }
      const testCase = this.cases.next();
      this.recorder.onDue(testCase.group, null);
      this.inflightCount++;
      if (this.sender?.send(testCase, this.issued++, undefined, this.settled)) return;
      this.inflightCount--;
    }
  };

  private readonly settled = (): void => {
    this.inflightCount--;
    if (this.stoppedAt === undefined) this.next();
    else this.maybeFinish();
  };

  private end(interrupted: boolean): void {
    if (this.stoppedAt !== undefined) return;
    this.stoppedAt = this.clock();
    this.interrupted = interrupted;
    clearTimeout(this.deadline);
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.stoppedAt !== undefined && this.inflightCount === 0) {
      const finish = this.finish;
      this.finish = undefined;
      finish?.();
    }
  }
}
