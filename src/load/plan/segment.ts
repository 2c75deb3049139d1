import type { Sourced } from '../fields/field.js';

/**
 * One segment of a test spread over several instances: instance `index` (0-based, as a
 * Kubernetes Indexed Job numbers its pods) of `count`.
 *
 * @example
 * ```ts
 * const s: Segment = { index: 0, count: 3 } // --segment 0/3
 * ```
 */
export interface Segment {
  readonly index: number;
  readonly count: number;
}

/**
 * Reads `--segment i/N` (0 ≤ i < N); returns the segment, or a message saying what is wrong.
 *
 * @example
 * ```ts
 * parseSegment({ value: '2/3', where: '--segment' }) // { index: 2, count: 3 }
 * parseSegment({ value: '3/3', where: '--segment' }) // 'segments are numbered 0 to 2 …'
 * ```
 */
export function parseSegment(src: Sourced): Segment | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(src.value));
  if (!m) return `"${String(src.value)}" is not a segment; write i/N, e.g. 0/3 for the first of three`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return 'a test needs at least one segment: N >= 1';
  if (index >= count)
    return `segments are numbered 0 to ${count - 1} (as Kubernetes numbers a Job's pods); got ${index}/${count}`;
  return { index, count };
}

/**
 * Reads `--start-at`: an ISO 8601 time (`2026-11-22T10:00:00Z`) or milliseconds since the
 * epoch. Returns ms since the epoch, or a message saying what is wrong. `nowMs` is for tests.
 *
 * @example
 * ```ts
 * parseStartAt({ value: '2026-11-22T10:00:00Z', where: '--start-at' }, Date.parse('2026-11-22T09:59:00Z')) // 1795341600000
 * ```
 */
export function parseStartAt(src: Sourced, nowMs: number = Date.now()): number | string {
  const text = String(src.value).trim();
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  // A number beyond the dates there are (year 275760) is no time either.
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime()))
    return `"${text}" is not a time; give an ISO time such as 2026-11-22T10:00:00Z, or ms since the epoch`;
  // A start already past would send the missed arrivals in one burst: refused beyond a little clock skew.
  if (ms < nowMs - 5000)
    return `${new Date(ms).toISOString()} is already past (now ${new Date(nowMs).toISOString()}); give a time ahead, the same for every segment`;
  if (ms > nowMs + 24 * 3600_000) return `${new Date(ms).toISOString()} is more than a day ahead`;
  return ms;
}

/**
 * The rate this instance plans to send: the plan's, or its segment's share of it. What a run's
 * `delivered` check compares its achieved rate with.
 *
 * @example
 * ```ts
 * plannedRate({ rate: 300, segment: { index: 0, count: 3 } }) // 100
 * ```
 */
export function plannedRate(plan: { readonly rate: number; readonly segment?: Segment | undefined }): number {
  return plan.segment ? plan.rate / plan.segment.count : plan.rate;
}
