import { formatDuration } from '../core/units/index.js';
import { longFlag, pickField } from '../load/fields/field.js';
import { type ResolvedPlan, withPreset } from '../load/plan/index.js';
import { planFields } from '../load/plan/plan-fields.js';
import { showValue } from '../load/plan/plan-overrides.js';
import { planSchedule } from '../load/plan/plan-schedule.js';
import { loadWords, partsOf, stagesOf } from '../load/result/index.js';
import { terminalSafe } from '../render/safe-text.js';
import { renderTextTable } from '../render/table.js';

/**
 * What `lptf run --dry-run` prints: the plan as resolved, every field with its value and where it
 * came from (a layer, or the default), the checks with theirs, the schedule and the scenarios, and
 * what a layer replaced. It sends nothing.
 *
 * @example
 * ```ts
 * process.stdout.write(describePlan(resolved))
 * ```
 */
export function describePlan(resolved: ResolvedPlan): string {
  const { plan } = resolved;
  const { all } = withPreset(resolved.layers, () => undefined);
  const rows: string[][] = [];
  const unset: string[] = [];
  for (const field of planFields()) {
    if (field.key === 'checks' || field.key === 'script') continue;
    const src = pickField(all, field.key);
    if (src) rows.push([field.key, showValue(field, src.value), src.where]);
    else if (field.fallback !== undefined)
      rows.push([field.key, showValue(field, field.fallback), `default ${longFlag(field)}`]);
    else unset.push(field.key);
  }
  for (const [i, c] of plan.checks.entries()) rows.push([i === 0 ? 'checks' : '', c.name, resolved.checkSource(c)]);
  const planned = plan.connections ? undefined : planSchedule(plan).total;
  const load = loadWords({ ...plan, stages: stagesOf(plan), parts: partsOf(plan) }, 'en');
  const lines = [
    `lptf: dry run${pickField(all, 'script') ? ` of ${String(pickField(all, 'script')?.value)}` : ''}: the plan as resolved; nothing is sent`,
    '',
    renderTextTable({ headers: ['field', 'value', 'from'], rows: rows.map((r) => r.map(terminalSafe)) }),
    '',
    `load: ${load} for ${formatDuration(plan.durationMs)}${planned === undefined ? '' : `: ${planned} arrivals`}${plan.workers > 1 ? ` on ${plan.workers} worker threads` : ''}`,
  ];
  if (plan.scenarios)
    lines.push(
      `scenarios: ${plan.scenarios.map((s) => `${s.name} ${(s.share * 100).toFixed(1)}%${s.steps ? ` (a flow of ${s.steps} steps)` : ''}`).join(', ')}`,
    );
  for (const line of resolved.said) lines.push(`layers: ${terminalSafe(line.en)}`);
  if (unset.length > 0) lines.push(`not set: ${unset.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
