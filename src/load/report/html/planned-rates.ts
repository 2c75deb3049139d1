import type { RunResult, StageResult } from '../../result/index.js';

/** What the planned lines read of a run's target (a live run's plan, stated as a result states it). */
export type PlannedTarget = Pick<
  RunResult['target'],
  'rate' | 'durationSec' | 'stages' | 'startRate' | 'parts' | 'scenarios' | 'cases' | 'connections'
>;

/** A rate plan as a result states it: a constant rate for a time, or stages from a start rate. */
interface RatePlan {
  readonly rate: number;
  readonly durationSec: number;
  readonly stages?: readonly StageResult[];
  readonly startRate?: number;
}

/**
 * What the plan scheduled for one scenario (or case group) in each second, in requests per second:
 * the line its sends are drawn against.
 *
 * @example
 * ```ts
 * const p: PlannedLine = { name: 'search', perSecond: [40, 120, 200] }
 * ```
 */
export interface PlannedLine {
  readonly name: string;
  readonly perSecond: readonly number[];
}

/**
 * A stage's start on the charts over the run's seconds, named: a plan's stages, or each part's
 * when scenarios have their own (`<scenario>.<stage>`).
 *
 * @example
 * ```ts
 * const m: StageMark = { name: 'steady', atSec: 10 }
 * ```
 */
export interface StageMark {
  readonly name: string;
  readonly atSec: number;
}

/**
 * The arrivals a rate plan schedules in the span [a, b) seconds: a constant rate over its
 * duration, or the integral of its piecewise-linear stages (a straight line's mean is at its midpoint).
 *
 * @example
 * ```ts
 * arrivalsIn({ rate: 0, durationSec: 10, stages: [{ name: 'up', durationSec: 10, target: 100 }] }, 0, 1) // 5
 * ```
 */
export function arrivalsIn(p: RatePlan, a: number, b: number): number {
  if (!p.stages) return p.rate * Math.max(0, Math.min(b, p.durationSec) - Math.max(a, 0));
  let planned = 0;
  let start = 0;
  let from = p.startRate ?? 0;
  for (const st of p.stages) {
    const end = start + st.durationSec;
    const lo = Math.max(start, a);
    const hi = Math.min(end, b);
    if (hi > lo) {
      const at = (t: number): number => from + ((st.target - from) * (t - start)) / st.durationSec;
      planned += ((at(lo) + at(hi)) / 2) * (hi - lo);
    }
    start = end;
    from = st.target;
  }
  return planned;
}

/**
 * Each scenario's (or, without scenarios, each case group's) planned requests in each of
 * `seconds` seconds: a scenario with its own rate or stages by them, the others by their share of
 * the rest; case groups by their number of cases. A flow's line counts its arrivals (its first
 * steps). Undefined for a closed loop, or a plan of one group.
 *
 * @example
 * ```ts
 * plannedLines(result.target, 30)?.map((l) => l.name) // ['list', 'item', 'signup']
 * ```
 */
export function plannedLines(target: PlannedTarget, seconds: number): PlannedLine[] | undefined {
  if (target.connections !== undefined) return undefined;
  const whole: RatePlan = target;
  const perSecond = (plan: RatePlan, share: number): number[] =>
    Array.from({ length: seconds }, (_, i) => share * arrivalsIn(plan, i, i + 1));
  const scenarios = target.scenarios;
  if (scenarios && scenarios.length > 1) {
    const parts = target.parts;
    if (!parts) return scenarios.map((s) => ({ name: s.name, perSecond: perSecond(whole, s.share) }));
    const own = new Map(parts.flatMap((p) => (p.scenario === undefined ? [] : [[p.scenario, p] as const])));
    const pool = parts.find((p) => p.scenario === undefined);
    const pooled = scenarios.filter((s) => !own.has(s.name)).reduce((n, s) => n + s.share, 0);
    return scenarios.map((s) => {
      const part = own.get(s.name);
      if (part) return { name: s.name, perSecond: perSecond(part, 1) };
      return { name: s.name, perSecond: pool && pooled > 0 ? perSecond(pool, s.share / pooled) : perSecond(whole, 0) };
    });
  }
  const total = target.cases.reduce((n, c) => n + c.count, 0);
  const groups = new Map<string, number>();
  for (const c of target.cases) groups.set(c.group, (groups.get(c.group) ?? 0) + c.count);
  if (scenarios || groups.size < 2) return undefined;
  return [...groups].map(([name, count]) => ({ name, perSecond: perSecond(whole, count / total) }));
}

/**
 * Where each stage starts, named: the plan's stages, or each part's.
 *
 * @example
 * ```ts
 * stageMarks({ stages: [{ name: 'up', durationSec: 10, target: 400 }, { name: 'steady', durationSec: 20, target: 400 }] })
 * // [{ name: 'up', atSec: 0 }, { name: 'steady', atSec: 10 }]
 * ```
 */
export function stageMarks(target: Pick<RunResult['target'], 'stages' | 'parts'>): StageMark[] | undefined {
  const plans = target.parts ?? [target];
  const marks = plans.flatMap((p) => {
    let atSec = 0;
    return (p.stages ?? []).map((st) => {
      const mark = { name: st.name, atSec };
      atSec += st.durationSec;
      return mark;
    });
  });
  return marks.length > 0 ? marks.sort((a, b) => a.atSec - b.atSec) : undefined;
}
