import type { BoundScenarios } from '../script/index.js';
import type { ArrivalPart, Plan } from './plan.js';
import { peakRate, planSchedule } from './plan-schedule.js';

/**
 * The plan's rate as the scenarios that share it by weight see it: a constant rate for a
 * duration, or stages.
 */
export type PoolArrivals = Pick<Plan, 'rate' | 'durationMs' | 'stages' | 'startRate'>;

/**
 * What a plan whose scenarios have arrivals of their own sends: its parts (each such scenario's,
 * then the pool's if some scenarios share the plan's rate), the whole's mean rate, length and
 * peak rate, and each scenario's share of all the arrivals.
 *
 * @example
 * ```ts
 * const { parts, rate } = arrivalParts(script, { rate: 100, durationMs: 60_000 })
 * ```
 */
export function arrivalParts(
  script: Pick<BoundScenarios, 'own' | 'pooled' | 'shares'>,
  pool: PoolArrivals,
): {
  parts: ArrivalPart[];
  rate: number;
  durationMs: number;
  peakRate: number;
  shares: BoundScenarios['shares'];
} {
  const parts: ArrivalPart[] = script.own.map((o) => {
    if (!o.stages) return { scenario: o.scenario, rate: o.rate ?? 0, durationMs: pool.durationMs };
    const durationMs = o.stages.reduce((sum, st) => sum + st.durationMs, 0);
    const part = { durationMs, stages: o.stages, startRate: o.startRate ?? 0 };
    return { scenario: o.scenario, rate: planSchedule({ ...part, rate: 0 }).rate, ...part };
  });
  if (script.pooled) parts.push({ ...pool });
  const totals = parts.map((p) => planSchedule(p).total);
  const whole = planSchedule({ rate: 0, durationMs: 0, parts });
  const poolShare = script.pooled ? (totals.at(-1) as number) / whole.total : 0;
  return {
    parts,
    rate: whole.rate,
    durationMs: whole.durationMs,
    peakRate: peakRate({ rate: whole.rate, parts }),
    shares: script.shares.map((s) => {
      const k = script.own.findIndex((o) => o.scenario === s.name);
      return { ...s, share: k >= 0 ? (totals[k] as number) / whole.total : s.share * poolShare };
    }),
  };
}
