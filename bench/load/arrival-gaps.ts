/**
 * The gaps between consecutive arrivals at the server, the way pacing shows to the target.
 *
 * @example
 * ```ts
 * arrivalGaps([0, 5, 10.2]) // { count: 3, p1: 5, p10: 5, p50: 5, max: 5.2 }
 * ```
 */
export interface ArrivalGaps {
  readonly count: number;
  readonly p1: number;
  readonly p10: number;
  readonly p50: number;
  readonly max: number;
}

/** Sorts the arrival times (ms) and summarises the gaps between neighbours. */
export function arrivalGaps(arrivals: readonly number[]): ArrivalGaps {
  const at = [...arrivals].sort((a, b) => a - b);
  const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
  gaps.sort((a, b) => a - b);
  if (gaps.length === 0) return { count: at.length, p1: 0, p10: 0, p50: 0, max: 0 };
  const q = (p: number): number => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] as number;
  return { count: at.length, p1: q(0.01), p10: q(0.1), p50: q(0.5), max: gaps[gaps.length - 1] as number };
}
