import type { CaseSource, TestCase } from '../cases/index.js';
import type { Recorder } from '../recorder/index.js';
import type { Schedule } from '../schedule/index.js';
import type { Transport } from '../transport/index.js';
import { Fifo } from './fifo.js';
import type { RunTiming } from './run.js';
import { type PacerOptions, RunBase } from './run-base.js';

/**
 * How a load run paces and bounds its requests.
 *
 * @example
 * ```ts
 * const o: LoadRunOptions = { schedule: constantRate(200, 30_000), maxInflight: 1000, queueCapacity: 2000, buildRequest, classify: statusOutcome((s) => s < 400) }
 * ```
 */
export interface LoadRunOptions extends PacerOptions {
  readonly schedule: Schedule;
  /** Most requests in flight at once; later arrivals wait in the queue. */
  readonly maxInflight: number;
  /** Most arrivals waiting for a free slot; past it they are dropped (and counted). */
  readonly queueCapacity: number;
}

/**
 * How far ahead of its due time a request may go out. Node's timers fire on whole
 * milliseconds, up to a millisecond after they were due, so a wake-up cannot land on a due
 * time. Sending, at each wake-up, what falls due within the next millisecond puts the sends
 * on time or at most a millisecond early, instead of up to a millisecond or more late: send
 * lateness p99 1.48 → ~0.5 ms at 5,000 req/s, and the median latency at low load within
 * ~0.2 ms of wrk's instead of ~0.6 ms (measured, bench/RESULTS.md). The spacing of arrivals is
 * unchanged (each wake-up sends one millisecond's worth), the phase moves by under a millisecond.
 * An early request is timed from its actual send, never from its later due time, so no latency
 * is understated; a late one is timed from its due time, so none is hidden.
 */
const SEND_AHEAD_MS = 1;

interface Pending {
  readonly seq: number;
  readonly dueMs: number;
  readonly testCase: TestCase;
  readonly stage: string | undefined;
}

/**
 * An open-model load run: request *i* is sent at `start + schedule.dueAtMs(i)` whatever the
 * target does, and each latency is timed from that *intended* time, so a stalled target
 * cannot hide its backlog (no coordinated omission).
 *
 * Pacing uses absolute due times from a monotonic clock: each wake-up sends everything due by
 * now (and within {@link SEND_AHEAD_MS}) and sleeps until the next due time, so timer lateness never accumulates. At most
 * `maxInflight` requests are in flight; later arrivals wait in a bounded FIFO (still timed
 * from their due time) and are dropped, and counted, only when it is full.
 *
 * @example
 * ```ts
 * const run = new LoadRun(options, transport, cases, recorder)
 * process.once('SIGINT', () => run.stop())
 * const timing = await run.start()
 * ```
 */
export class LoadRun extends RunBase<LoadRunOptions> {
  private readonly queue: Fifo<Pending>;
  private issued = 0;
  private scheduleEndMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: LoadRunOptions, transport: Transport, cases: CaseSource, recorder: Recorder) {
    super(options, transport, cases, recorder);
    this.queue = new Fifo(options.queueCapacity);
  }

  protected begin(): void {
    // Stopped before it started (Ctrl-C while connecting): nothing to send.
    if (this.scheduleEndMs !== undefined) this.maybeFinish();
    else this.tick();
  }

  protected isDone(): boolean {
    return this.scheduleEndMs !== undefined && this.inflightCount === 0 && this.queue.length === 0;
  }

  protected window(endMs: number): Pick<RunTiming, 'scheduleMs' | 'sendWindowMs'> {
    const { schedule } = this.options;
    // A ramp's last gap is not its mean one: the window ends where the schedule does, the tail
    // after its last due time as planned.
    const interval = !schedule.rateAt
      ? 1000 / schedule.rate
      : schedule.total > 0
        ? schedule.durationMs - schedule.dueAtMs(schedule.total - 1)
        : 0;
    const lastSendMs = this.sender?.lastSendMs ?? 0;
    return {
      scheduleMs: Math.max(0, (this.scheduleEndMs ?? endMs) - this.startMs),
      sendWindowMs: this.recorder.overall.sent > 0 ? lastSendMs - this.startMs + interval : 0,
    };
  }

  /**
   * Stops scheduling; queued arrivals are cancelled, user flows take no further step, requests in
   * flight may finish. (At the schedule's natural end, flows under way run to their end.) A stop
   * after the schedule's end cuts its drain short: arrivals still queued behind `--max-inflight`
   * are cancelled too (they kept a stopped run alive 55 s past SIGTERM), and without a reason the
   * run is interrupted.
   */
  stop(endedEarly?: string): void {
    const unfinished = !this.isDone();
    if (this.scheduleEndMs === undefined) {
      if (endedEarly !== undefined) this.endedEarly = endedEarly;
      this.endSchedule();
    }
    if (endedEarly === undefined && unfinished) this.interrupted = true;
    for (let p = this.queue.shift(); p; p = this.queue.shift()) this.recorder.onCancelled(p.testCase.group, p.stage);
    // After the queue is emptied: a flow that ends here frees its slot for no cancelled arrival.
    this.sender?.stop();
    this.maybeFinish();
  }

  get queued(): number {
    return this.queue.length;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.scheduleEndMs !== undefined) return;
    const { schedule } = this.options;
    const now = this.clock();
    const due = schedule.dueBy(now - this.startMs + SEND_AHEAD_MS);
    while (this.issued < due && this.scheduleEndMs === undefined) {
      this.arrive(this.issued, this.startMs + schedule.dueAtMs(this.issued), now);
      this.issued++;
    }
    if (this.scheduleEndMs !== undefined) {
      this.maybeFinish();
      return;
    }
    if (this.issued >= schedule.total) {
      this.endSchedule();
      this.maybeFinish();
      return;
    }
    // Sleep until the next absolute due time; never chain relative sleeps. Node timers have
    // 1 ms granularity: rounding the wait up costs up to ~1 ms of lateness (recorded, and
    // included in the latency, which is timed from the due time), while rounding down would
    // wake early and sleep again. A wake-up costs ~40-100 µs of CPU on a small VM (measured),
    // more than everything else a request costs, so one wake-up per due time it is.
    const wait = this.startMs + schedule.dueAtMs(this.issued) - SEND_AHEAD_MS - this.clock();
    this.timer = setTimeout(this.tick, Math.max(1, Math.ceil(wait)));
  };

  private arrive(seq: number, dueMs: number, now: number): void {
    const testCase = this.cases.next();
    // Its source ran dry and the plan ends the run then: the schedule ends before this arrival.
    if (testCase.endsRun !== undefined) {
      this.endedEarly = testCase.endsRun;
      this.endSchedule();
      return;
    }
    const stage = this.options.schedule.stageOf?.(seq);
    this.recorder.onDue(testCase.group, Math.max(0, now - dueMs), stage);
    const pending = { seq, dueMs, testCase, stage };
    if (this.inflightCount < this.options.maxInflight) this.send(pending);
    else if (!this.queue.push(pending)) this.recorder.onDropped(testCase.group, now - this.startMs, stage);
  }

  private send(p: Pending): void {
    this.inflightCount++;
    if (!this.sender?.send(p.testCase, p.seq, p.dueMs, this.settled, p.stage)) this.inflightCount--;
  }

  private readonly settled = (): void => {
    this.inflightCount--;
    const next = this.queue.shift();
    if (next) this.send(next);
    this.maybeFinish();
  };

  private endSchedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduleEndMs = this.clock();
  }
}
