import type { Plan } from '../plan/index.js';

/**
 * The labels on every metric of a run: its id, and its segment when it is one instance of several.
 *
 * @example
 * ```ts
 * metricLabels(plan, 'a1b2c3d4') // { run_id: 'a1b2c3d4' }
 * ```
 */
export function metricLabels(plan: Plan, runId: string): Record<string, string> {
  return { run_id: runId, ...(plan.segment ? { segment: `${plan.segment.index}/${plan.segment.count}` } : {}) };
}
