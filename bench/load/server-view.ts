/**
 * How evenly requests arrived, as the server saw them: counts in fixed windows (the first and
 * last, partial, windows left out).
 *
 * @example
 * ```ts
 * const v: ServerView = serverView(arrivals, 10) // { count, perWindowMax, perWindowMin, … }
 * ```
 */
export interface ServerView {
  readonly count: number;
  readonly perWindowMax: number;
  readonly perWindowMin: number;
  /** The 1st and 99th percentile of the per-window counts. */
  readonly perWindowP1: number;
  readonly perWindowP99: number;
  /** Share of windows holding more than 1.5× their planned count: bursts. */
  readonly burstShare: number;
}

/**
 * Counts arrivals (ms) in `windowMs` windows against `planned` per window.
 *
 * @example
 * ```ts
 * serverView([0, 0.2, 0.4], 10, 50)
 * ```
 */
export function serverView(arrivals: readonly number[], windowMs: number, planned: number): ServerView {
  const none = { perWindowMax: 0, perWindowMin: 0, perWindowP1: 0, perWindowP99: 0, burstShare: 0 };
  if (arrivals.length === 0) return { count: 0, ...none };
  // A loop, not Math.min(...arrivals): a spread of 100,000 arguments overflows the stack.
  let t0 = Number.POSITIVE_INFINITY;
  for (const t of arrivals) if (t < t0) t0 = t;
  const counts = new Map<number, number>();
  let last = 0;
  for (const t of arrivals) {
    const w = Math.floor((t - t0) / windowMs);
    counts.set(w, (counts.get(w) ?? 0) + 1);
    last = Math.max(last, w);
  }
  const inner = Array.from({ length: Math.max(0, last - 1) }, (_, i) => counts.get(i + 1) ?? 0);
  if (inner.length === 0) return { count: arrivals.length, ...none };
  const sorted = [...inner].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return {
    count: arrivals.length,
    perWindowMax: inner.reduce((a, b) => Math.max(a, b), 0),
    perWindowMin: inner.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY),
    perWindowP1: at(0.01),
    perWindowP99: at(0.99),
    burstShare: inner.filter((n) => n > planned * 1.5).length / inner.length,
  };
}
