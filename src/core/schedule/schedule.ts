/**
 * A constant-arrival-rate schedule: request `i` is due at `i / rate` seconds after the start.
 *
 * It is a pure function of elapsed time and hits (vegeta's pacer idea): given how long the
 * run has been going and how many requests were already issued, it says how many more are
 * due now and when the next one is. Nothing here reads a clock or sleeps, so the generator
 * can never drift by chaining sleeps, and the schedule is exact and testable.
 *
 * @example
 * ```ts
 * const s = constantRate(200, 30_000) // 200 req/s for 30 s
 * s.total // 6000
 * s.dueAtMs(3) // 15 (ms after start)
 * s.dueBy(12.5) // 3: requests 0, 1 and 2 are due by 12.5 ms
 * ```
 */
export interface Schedule {
  /** Requests per second. */
  readonly rate: number;
  /** Planned length of the schedule, in milliseconds. */
  readonly durationMs: number;
  /** Number of requests the schedule plans in all. */
  readonly total: number;
  /** When request `index` is due, in ms after the start. */
  dueAtMs(index: number): number;
  /** How many requests are due by `elapsedMs` (never more than `total`). */
  dueBy(elapsedMs: number): number;
  /** Which part of a union of schedules request `index` belongs to (see `unionSchedule`). */
  readonly partOf?: (index: number) => number;
  /** The name of the stage request `index` is due in, when the schedule (or its part) has stages. */
  readonly stageOf?: (index: number) => string | undefined;
  /** The planned rate at `elapsedMs`, in requests per second, when it varies. */
  readonly rateAt?: (elapsedMs: number) => number;
  /** Arrivals planned by `elapsedMs`, unrounded (the integral of the rate), when it varies. */
  readonly arrivalsBy?: (elapsedMs: number) => number;
}

/**
 * Builds the constant-rate schedule for `rate` requests per second over `durationMs`.
 * The planned count is `floor(rate × duration)`, rounding away float noise (200 × 30 s is 6000,
 * not 5999).
 *
 * @example
 * ```ts
 * constantRate(0.5, 10_000).total // 5: one request every 2 s
 * ```
 */
export function constantRate(rate: number, durationMs: number): Schedule {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) {
    throw new RangeError(`duration must be a positive number of ms, got ${durationMs}`);
  }
  const intervalMs = 1000 / rate;
  const total = Math.floor((rate * durationMs) / 1000 + 1e-9);
  return {
    rate,
    durationMs,
    total,
    dueAtMs: (index) => index * intervalMs,
    // +1 because request 0 is due at 0; the epsilon keeps i/rate exactly on a due time "due".
    dueBy: (elapsedMs) => (elapsedMs < 0 ? 0 : Math.min(total, Math.floor(elapsedMs / intervalMs + 1e-9) + 1)),
  };
}
