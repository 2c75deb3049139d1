import type { Schedule } from './schedule.js';

/** The planned rate of a schedule at `t`: its own ramp, else its constant rate while it runs. */
const rateOf = (s: Schedule, t: number): number => (s.rateAt ? s.rateAt(t) : t >= 0 && t < s.durationMs ? s.rate : 0);

/** Arrivals a schedule plans by `t`, unrounded. */
const arrivalsOf = (s: Schedule, t: number): number =>
  s.arrivalsBy ? s.arrivalsBy(t) : (Math.min(Math.max(t, 0), s.durationMs) * s.rate) / 1000;

/** How many of a schedule's requests are due at or before `t`, by its due times themselves. */
function dueUpTo(s: Schedule, t: number): number {
  let lo = 0;
  let hi = s.total;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.dueAtMs(mid - 1) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Several schedules sent as one, each part's requests at its own due times: the requests of all
 * parts in due-time order (a tie goes to the earlier part), request `i` of the whole being
 * request `localOf(i)` of part `partOf(i)`. A scenario with its own rate or stages is a part; so
 * is the weighted mix of the rest. Still a pure function of the index, so stripes, segments and
 * merges stay exact.
 *
 * A request is found by stepping from the last one found (one due time of each part per step),
 * so the run's ascending requests, a stripe's too, cost a step each; a request far from the last
 * is first placed by bisecting the time.
 *
 * @example
 * ```ts
 * const s = unionSchedule([constantRate(100, 10_000), stagedRate([{ name: 'ramp', durationMs: 10_000, target: 200 }])])
 * s.total // 2000: 1000 of each
 * s.partOf?.(0) // 0: both are due at 0, the first part goes first
 * ```
 */
export function unionSchedule(parts: readonly Schedule[]): Schedule {
  if (parts.length === 0) throw new RangeError('a union of schedules needs at least one');
  const total = parts.reduce((n, p) => n + p.total, 0);
  const durationMs = Math.max(...parts.map((p) => p.durationMs));
  // How many of each part's requests are taken: always the first `taken` of the whole, in order.
  const counts = parts.map(() => 0);
  let taken = 0;
  /** The part whose next request is the earliest (undefined when every part is spent). */
  const nextPart = (): number | undefined => {
    let best: number | undefined;
    let bestMs = Number.POSITIVE_INFINITY;
    for (let j = 0; j < parts.length; j++) {
      const c = counts[j] as number;
      const p = parts[j] as Schedule;
      if (c >= p.total) continue;
      const at = p.dueAtMs(c);
      if (at < bestMs) {
        bestMs = at;
        best = j;
      }
    }
    return best;
  };
  /** The part whose last taken request is the latest (ties: the later part). */
  const lastPart = (): number => {
    let best = 0;
    let bestMs = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < parts.length; j++) {
      const c = counts[j] as number;
      if (c === 0) continue;
      const at = (parts[j] as Schedule).dueAtMs(c - 1);
      if (at >= bestMs) {
        bestMs = at;
        best = j;
      }
    }
    return best;
  };
  /** Takes the first `n` requests of the whole: from the last place, or from a bisected time when far. */
  const takeFirst = (n: number): void => {
    if (Math.abs(n - taken) > 4 * parts.length + 64) {
      let lo = 0;
      let hi = durationMs;
      for (let k = 0; k < 60 && hi - lo > 1e-9; k++) {
        const mid = (lo + hi) / 2;
        if (parts.reduce((c, p) => c + p.dueBy(mid), 0) <= n) lo = mid;
        else hi = mid;
      }
      taken = 0;
      for (let j = 0; j < parts.length; j++) {
        counts[j] = dueUpTo(parts[j] as Schedule, lo);
        taken += counts[j] as number;
      }
    }
    while (taken > n) {
      const j = lastPart();
      counts[j] = (counts[j] as number) - 1;
      taken--;
    }
    while (taken < n) {
      const j = nextPart() as number;
      counts[j] = (counts[j] as number) + 1;
      taken++;
    }
  };
  /** Request `index` of the whole: its part and its index there. */
  const locate = (index: number): { part: number; local: number } => {
    takeFirst(index);
    const part = nextPart() ?? parts.length - 1;
    return { part, local: counts[part] as number };
  };
  const stageOf = parts.some((p) => p.stageOf)
    ? (index: number): string | undefined => {
        const { part, local } = locate(index);
        return (parts[part] as Schedule).stageOf?.(local);
      }
    : undefined;
  return {
    rate: (total * 1000) / durationMs,
    durationMs,
    total,
    dueAtMs: (index) => {
      const { part, local } = locate(index);
      return (parts[part] as Schedule).dueAtMs(local);
    },
    dueBy: (elapsedMs) => parts.reduce((n, p) => n + p.dueBy(elapsedMs), 0),
    partOf: (index) => locate(index).part,
    ...(stageOf ? { stageOf } : {}),
    rateAt: (elapsedMs) => parts.reduce((r, p) => r + rateOf(p, elapsedMs), 0),
    arrivalsBy: (elapsedMs) => parts.reduce((n, p) => n + arrivalsOf(p, elapsedMs), 0),
  };
}
