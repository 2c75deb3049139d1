import type { RunTiming } from './run.js';
import { type PacerOptions, RunBase } from './run-base.js';

/**
 * How a closed loop runs.
 *
 * @example
 * ```ts
 * const o: ClosedLoopOptions = { connections: 50, durationMs: 10_000, buildRequest, classify: statusOutcome((s) => s < 400) }
 * ```
 */
export interface ClosedLoopOptions extends PacerOptions {
  /** Requests kept in flight: each sends its next request as soon as its last is answered. */
  readonly connections: number;
  /** How long to keep sending. */
  readonly durationMs: number;
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
export class ClosedLoopRun extends RunBase<ClosedLoopOptions> {
  private endMs = 0;
  private issued = 0;
  private stoppedAt: number | undefined;
  private deadline: NodeJS.Timeout | undefined;

  protected begin(): void {
    this.endMs = this.startMs + this.options.durationMs;
    // The end is checked at each send; this timer only ends a run whose requests all hang.
    this.deadline = setTimeout(() => this.end(false), this.options.durationMs);
    for (let i = 0; i < this.options.connections && this.stoppedAt === undefined; i++) this.next();
    this.maybeFinish(); // stopped before it started: nothing was sent
  }

  protected isDone(): boolean {
    return this.stoppedAt !== undefined && this.inflightCount === 0;
  }

  protected window(endMs: number): Pick<RunTiming, 'scheduleMs' | 'sendWindowMs'> {
    const ran = Math.max(0, (this.stoppedAt ?? endMs) - this.startMs);
    return { scheduleMs: ran, sendWindowMs: ran };
  }

  /** Stops sending; user flows take no further step, requests in flight may finish. */
  stop(endedEarly?: string): void {
    if (endedEarly !== undefined && this.stoppedAt === undefined) this.endedEarly = endedEarly;
    this.end(endedEarly === undefined);
    this.sender?.stop();
  }

  private readonly next = (): void => {
    // A loop: a request that cannot be built is recorded and the next one tried at once.
    while (this.stoppedAt === undefined) {
      if (this.clock() >= this.endMs) {
        this.end(false);
        return;
      }
      const testCase = this.cases.next();
      if (testCase.endsRun !== undefined) {
        this.endedEarly = testCase.endsRun;
        this.end(false);
        return;
      }
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
}
