import type { Schedule } from './schedule.js';

/**
 * Stripe `index` of `count` of a schedule: requests `index`, `index + count`, `index + 2·count`, …
 * at their original due times. Worker threads each run one stripe from a shared start time,
 * so together they send exactly the one global schedule, evenly spaced, as one sender would.
 * Pure, like the schedule it stripes.
 *
 * @example
 * ```ts
 * const s = stripedSchedule(constantRate(300, 1000), 1, 3) // requests 1, 4, 7, … of 300
 * s.total // 100
 * s.dueAtMs(0) // 3.33…: global request 1
 * s.dueBy(10) // 1: global requests 0, 1 and 2 are due; of them only 1 is this stripe's
 * ```
 */
export function stripedSchedule(schedule: Schedule, index: number, count: number): Schedule {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`stripe ${index} of ${count} does not exist`);
  }
  // Global requests below n that are this stripe's: index, index + count, … < n.
  const { stageOf, partOf, rateAt, arrivalsBy } = schedule;
  const ownBelow = (n: number): number => (n <= index ? 0 : Math.floor((n - index - 1) / count) + 1);
  return {
    rate: schedule.rate / count,
    durationMs: schedule.durationMs,
    total: ownBelow(schedule.total),
    dueAtMs: (i) => schedule.dueAtMs(index + i * count),
    dueBy: (elapsedMs) => ownBelow(schedule.dueBy(elapsedMs)),
    ...(stageOf ? { stageOf: (i: number) => stageOf(index + i * count) } : {}),
    ...(partOf ? { partOf: (i: number) => partOf(index + i * count) } : {}),
    ...(rateAt ? { rateAt: (elapsedMs: number) => rateAt(elapsedMs) / count } : {}),
    ...(arrivalsBy ? { arrivalsBy: (elapsedMs: number) => arrivalsBy(elapsedMs) / count } : {}),
  };
}
