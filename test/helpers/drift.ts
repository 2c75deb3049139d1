/**
 * How far arrivals counted at a server stray from an even plan of `rate` per second: arrival *i*
 * is planned at `offset + i × 1000 / rate`, with the offset the median over all arrivals (so a
 * slow first connection does not shift the rest). Returns the earliest and latest, in ms, and
 * that offset, to align other counts to the plan.
 *
 * A whole-machine stall delays the arrivals due during it, which are then sent at once: the
 * drift rises by the stall and falls back, where counts per fixed window would see one window
 * short and the next crowded. A wrong rate or a process started late drifts further and further.
 *
 * @example
 * ```ts
 * const { early, late, offset } = driftFromPlan(await target.arrivals(), 200)
 * assert.ok(early >= -30 && late <= 200) // a stall makes arrivals late, never early
 * ```
 */
export function driftFromPlan(
  arrivals: readonly number[],
  rate: number,
): { early: number; late: number; offset: number } {
  const gapMs = 1000 / rate;
  const sorted = [...arrivals].sort((a, b) => a - b);
  const offsets = sorted.map((t, i) => t - i * gapMs);
  const offset = [...offsets].sort((a, b) => a - b)[Math.floor(offsets.length / 2)] ?? 0;
  const drift = offsets.map((o) => o - offset);
  return { early: Math.min(...drift), late: Math.max(...drift), offset };
}
