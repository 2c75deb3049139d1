import type { CaseGroup } from './test-case.js';

/**
 * Things worth knowing about a set of cases that do not stop a run: duplicate lines (a repeat
 * hits the service's cache) and, for widget backends, lines that do not have the seed's shape
 * `{"type": …, "slot_list": [{"key": …, "value": …}]}` (allowed in abnormal groups, where a
 * broken shape may be the point).
 *
 * @example
 * ```ts
 * caseWarnings(groups, { widget: true }) // ['normal: 2 duplicate lines (…)']
 * ```
 */
export function caseWarnings(groups: readonly CaseGroup[], options: { widget: boolean }): string[] {
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  for (const group of groups) {
    let duplicates = 0;
    let misshapen = 0;
    let firstMisshapen = '';
    for (const c of group.cases) {
      total++;
      const key = canonical(c.value);
      if (seen.has(key)) duplicates++;
      else seen.set(key, `${c.file}:${c.line}`);
      if (options.widget && !hasWidgetShape(c.value)) {
        misshapen++;
        firstMisshapen ||= `${c.file}:${c.line}`;
      }
    }
    if (duplicates > 0) {
      warnings.push(`${group.label}: ${duplicates} duplicate case(s); repeats may hit the service's cache`);
    }
    if (misshapen > 0 && group.label !== 'abnormal') {
      warnings.push(
        `${group.label}: ${misshapen} case(s) lack the widget shape {"type", "slot_list": [{"key","value"}]} (first at ${firstMisshapen})`,
      );
    }
  }
  if (options.widget && total > 3000) warnings.push(`${total} cases: the self-test asks for at most 3000`);
  return warnings;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function hasWidgetShape(value: Readonly<Record<string, unknown>>): boolean {
  const slots = value['slot_list'];
  return (
    'type' in value &&
    Array.isArray(slots) &&
    slots.every((s: unknown) => s !== null && typeof s === 'object' && 'key' in s && 'value' in s)
  );
}
