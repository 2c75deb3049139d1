import { constantRate, type Schedule, stagedRate } from '../../core/schedule/index.js';
import type { Plan } from './plan.js';
import { plannedRate } from './segment.js';

/** Each plan's schedule, made once: the live view asks for it every second. */
const made = new WeakMap<object, Schedule>();

/**
 * The schedule an open-model plan sends on, whole (before any segment or stripe takes its
 * share): its stages when it has them, else its constant rate for its duration. A plan does not
 * change, so its schedule is made once.
 *
 * @example
 * ```ts
 * planSchedule({ rate: 200, durationMs: 30_000 }).total // 6000
 * ```
 */
export function planSchedule(plan: Pick<Plan, 'rate' | 'durationMs' | 'stages' | 'startRate'>): Schedule {
  let schedule = made.get(plan);
  if (!schedule) {
    schedule = plan.stages ? stagedRate(plan.stages, plan.startRate ?? 0) : constantRate(plan.rate, plan.durationMs);
    made.set(plan, schedule);
  }
  return schedule;
}

/**
 * The rate this instance planned over a span of the run (its segment's share), in requests per
 * second: with stages, the mean of the ramp over that span; else the constant rate. What a live
 * `delivered` compares the recent rate with.
 *
 * @example
 * ```ts
 * plannedRateOver(plan, 5_000, 10_000) // 300 on a ramp 0 → 400/s over 10 s
 * ```
 */
export function plannedRateOver(
  plan: Pick<Plan, 'rate' | 'durationMs' | 'stages' | 'startRate' | 'segment'>,
  fromMs: number,
  toMs: number,
): number {
  const arrivalsBy = plan.stages ? planSchedule(plan).arrivalsBy : undefined;
  if (!arrivalsBy || !(toMs > fromMs)) return plannedRate(plan);
  const whole = ((arrivalsBy(toMs) - arrivalsBy(fromMs)) * 1000) / (toMs - fromMs);
  return plan.segment ? whole / plan.segment.count : whole;
}
