/**
 * When a run happened, in its own clock's ms.
 *
 * @example
 * ```ts
 * const { scheduleMs, interrupted }: RunTiming = await run.start()
 * ```
 */
export interface RunTiming {
  /** Monotonic time of the schedule's start. */
  readonly startMs: number;
  /** Wall-clock start, for reports. */
  readonly startedAt: Date;
  /** How long the schedule ran before it ended or was stopped. */
  readonly scheduleMs: number;
  /** Elapsed from the start to the last send, plus one interval: the window the sends took. */
  readonly sendWindowMs: number;
  /** Elapsed from the start to the last answer. */
  readonly totalMs: number;
  /** Whether `stop()` cut the schedule short. */
  readonly interrupted: boolean;
  /** Why the schedule ended before its planned end, when its arrivals ran dry (see `TestCase.endsRun`). */
  readonly endedEarly?: string;
}

/**
 * A load run, whatever paces it: the open model's schedule ({@link LoadRun}) or a closed loop
 * ({@link ClosedLoopRun}).
 *
 * @example
 * ```ts
 * const run: Run = plan.connections ? new ClosedLoopRun(…) : new LoadRun(…)
 * process.once('SIGINT', () => run.stop())
 * const timing = await run.start()
 * ```
 */
export interface Run {
  /** Runs from `atMs` (on the run's clock; now by default) to the end, or until stopped, and resolves once every answer is in. */
  start(atMs?: number): Promise<RunTiming>;
  /**
   * Stops sending; requests in flight may finish. With a reason the run ends early as asked (a
   * coordinator stopped the whole test), not interrupted: `endedEarly` says why.
   */
  stop(endedEarly?: string): void;
  /** Stops at once, failing requests in flight (counted as cancelled). */
  abort(): void;
  /** Ms since the start. */
  elapsedMs(): number;
  /** Requests in flight now. */
  readonly inflight: number;
}
