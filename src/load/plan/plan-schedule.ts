import { constantRate, type Schedule, stagedRate, unionSchedule } from '../../core/schedule/index.js';
import type { ArrivalPart, Plan } from './plan.js';
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
export function planSchedule(plan: Pick<Plan, 'rate' | 'durationMs' | 'stages' | 'startRate' | 'parts'>): Schedule {
  let schedule = made.get(plan);
  if (!schedule) {
    schedule = plan.parts ? unionSchedule(plan.parts.map(partSchedule)) : partSchedule(plan);
    made.set(plan, schedule);
  }
  return schedule;
}

/** One part's schedule (or a plan's without parts): its stages, else its constant rate. */
const partSchedule = (p: Omit<ArrivalPart, 'scenario'>): Schedule =>
  p.stages ? stagedRate(p.stages, p.startRate ?? 0) : constantRate(p.rate, p.durationMs);

/**
 * The highest rate a plan reaches, in requests per second: its stages' highest, or its rate; with
 * parts, the sum of theirs (their peaks may not meet: it bounds the whole's).
 *
 * @example
 * ```ts
 * peakRate({ rate: 300, stages: [{ name: 'up', durationMs: 10_000, target: 400 }, { name: 'down', durationMs: 5_000, target: 0 }] }) // 400
 * ```
 */
export function peakRate(plan: Pick<Plan, 'rate' | 'stages' | 'startRate' | 'parts'>): number {
  const one = (p: Pick<Plan, 'rate' | 'stages' | 'startRate'>): number =>
    p.stages ? Math.max(p.startRate ?? 0, ...p.stages.map((st) => st.target)) : p.rate;
  return plan.parts ? plan.parts.reduce((n, p) => n + one(p), 0) : one(plan);
}

/**
 * The names of the stages a plan's requests are due in: its own, or its parts'.
 *
 * @example
 * ```ts
 * stageNames(plan) // ['ramp-up', 'steady']
 * ```
 */
export function stageNames(plan: Pick<Plan, 'stages' | 'parts'>): string[] {
  return (plan.parts ?? [plan]).flatMap((p) => p.stages?.map((st) => st.name) ?? []);
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
  plan: Pick<Plan, 'rate' | 'durationMs' | 'stages' | 'startRate' | 'parts' | 'segment'>,
  fromMs: number,
  toMs: number,
): number {
  const arrivalsBy = plan.stages || plan.parts ? planSchedule(plan).arrivalsBy : undefined;
  if (!arrivalsBy || !(toMs > fromMs)) return plannedRate(plan);
  const whole = ((arrivalsBy(toMs) - arrivalsBy(fromMs)) * 1000) / (toMs - fromMs);
  return plan.segment ? whole / plan.segment.count : whole;
}
