import type { Schedule } from './schedule.js';

/**
 * One stage of a staged schedule: over `durationMs` the arrival rate moves in a straight line
 * from where the last stage ended (or the start rate) to `target` requests per second.
 *
 * @example
 * ```ts
 * const ramp: Stage = { name: 'ramp-up', durationMs: 10_000, target: 400 }
 * ```
 */
export interface Stage {
  readonly name: string;
  readonly durationMs: number;
  /** Requests per second at the stage's end. */
  readonly target: number;
}

/**
 * A slack on counts, in requests: a due time computed back from a count must count as due. The
 * square root of the inverse loses at most ~1e-10 of a request at 10^6 requests (float64), far
 * inside it; a request moved by 1e-6 of its gap moves by nanoseconds.
 */
const EPS = 1e-6;

interface Piece {
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
  /** Requests per ms at the piece's start, and its change per ms. */
  readonly from: number;
  readonly slope: number;
  /** Arrivals planned before the piece starts, and by its end. */
  readonly before: number;
  readonly after: number;
}

/**
 * A piecewise-linear arrival rate, the open model's ramp (k6's `ramping-arrival-rate`, Gatling's
 * `rampUsersPerSec`). Request `i` is due when the planned arrivals so far, the integral of the
 * rate, reach `i`, so a constant stage spaces requests exactly as {@link constantRate} does and a
 * ramp spaces them ever closer. Still a pure function of the index, so stripes (`--workers`),
 * segments and merges stay exact.
 *
 * `rate` is the mean planned rate (planned requests over the duration).
 *
 * @example
 * ```ts
 * const s = stagedRate([{ name: 'ramp-up', durationMs: 10_000, target: 400 }, { name: 'steady', durationMs: 20_000, target: 400 }])
 * s.total // 10000: 2000 on the ramp, 8000 steady
 * s.stageOf?.(2500) // 'steady'
 * ```
 */
export function stagedRate(stages: readonly Stage[], startRate = 0): Schedule {
  if (stages.length === 0) throw new RangeError('a staged schedule needs at least one stage');
  if (!(startRate >= 0) || !Number.isFinite(startRate))
    throw new RangeError(`start rate must be a number >= 0, got ${startRate}`);
  const pieces: Piece[] = [];
  let startMs = 0;
  let before = 0;
  let from = startRate / 1000;
  for (const s of stages) {
    if (!(s.durationMs > 0) || !Number.isFinite(s.durationMs))
      throw new RangeError(`stage ${s.name}: duration must be a positive number of ms, got ${s.durationMs}`);
    if (!(s.target >= 0) || !Number.isFinite(s.target))
      throw new RangeError(`stage ${s.name}: target must be a rate >= 0, got ${s.target}`);
    const to = s.target / 1000;
    const after = before + ((from + to) / 2) * s.durationMs;
    pieces.push({
      name: s.name,
      startMs,
      durationMs: s.durationMs,
      from,
      slope: (to - from) / s.durationMs,
      before,
      after,
    });
    before = after;
    startMs += s.durationMs;
    from = to;
  }
  const durationMs = startMs;
  const planned = before;
  const total = Math.floor(planned + EPS);
  if (total === 0) throw new RangeError('the stages plan no request');

  /** Arrivals planned by `t` ms. */
  const countAt = (t: number): number => {
    const p = pieceAt(pieces, Math.min(t, durationMs));
    const tau = Math.min(t, durationMs) - p.startMs;
    return p.before + p.from * tau + (p.slope * tau * tau) / 2;
  };
  /**
   * When request `n` is due: the first time more than `n` arrivals are planned, so a request after
   * a pause at rate 0 is due at the pause's end, not its start.
   */
  const timeOf = (n: number): number => {
    const p = pieceHolding(pieces, n);
    const m = n - p.before;
    if (m <= 0) return p.startMs;
    // Solves from·τ + slope·τ²/2 = m in the form that loses no precision when slope → 0.
    const root = Math.sqrt(Math.max(0, p.from * p.from + 2 * p.slope * m));
    const tau = (2 * m) / (p.from + root);
    return p.startMs + Math.min(p.durationMs, tau);
  };
  return {
    rate: (planned * 1000) / durationMs,
    durationMs,
    total,
    dueAtMs: timeOf,
    dueBy: (elapsedMs) => {
      if (elapsedMs < 0) return 0;
      // The count may sit on a whole number through a pause: request c is due only once its time comes.
      const c = Math.min(total, Math.floor(countAt(elapsedMs) + EPS));
      return c < total && timeOf(c) <= elapsedMs ? c + 1 : c;
    },
    stageOf: (index) => pieceAt(pieces, timeOf(index)).name,
    arrivalsBy: (elapsedMs) => (elapsedMs <= 0 ? 0 : countAt(elapsedMs)),
    rateAt: (elapsedMs) => {
      if (elapsedMs < 0 || elapsedMs >= durationMs) return 0;
      const p = pieceAt(pieces, elapsedMs);
      return (p.from + p.slope * (elapsedMs - p.startMs)) * 1000;
    },
  };
}

/** The piece that runs at `t` (the last one from its end on). */
function pieceAt(pieces: readonly Piece[], t: number): Piece {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid] as Piece).startMs <= t) lo = mid;
    else hi = mid - 1;
  }
  return pieces[lo] as Piece;
}

/** The first piece that ends with more than `n` arrivals planned (the last if none does). */
function pieceHolding(pieces: readonly Piece[], n: number): Piece {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pieces[mid] as Piece).after > n) hi = mid;
    else lo = mid + 1;
  }
  return pieces[lo] as Piece;
}
