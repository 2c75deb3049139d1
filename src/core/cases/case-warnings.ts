import type { Said } from '../said.js';
import type { CaseGroup } from './test-case.js';

/**
 * Things worth knowing about a set of cases that do not stop a run: duplicate lines (a repeat
 * hits the service's cache). A protocol adds its own (`BoundProtocol.caseWarnings`).
 *
 * @example
 * ```ts
 * caseWarnings(groups)[0].en // "normal: 2 duplicate case(s); repeats may hit the service's cache"
 * ```
 */
export function caseWarnings(groups: readonly CaseGroup[]): Said[] {
  const warnings: Said[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    let duplicates = 0;
    for (const c of group.cases) {
      const key = canonical(c.value);
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    }
    if (duplicates > 0)
      warnings.push({
        en: `${group.label}: ${duplicates} duplicate case(s); repeats may hit the service's cache`,
        zh: `${group.label}：${duplicates} 条重复用例；重复的请求可能命中服务的缓存`,
      });
  }
  return warnings;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
