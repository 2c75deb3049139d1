import type { RunResult } from '../result/index.js';
import { headline, runSections, verdictLine } from './sections.js';
import { renderTextTable } from './table.js';

/**
 * Renders a run for the console: the headline, every section with aligned tables, and the
 * verdict.
 *
 * @example
 * ```ts
 * process.stdout.write(textReport(result))
 * ```
 */
export function textReport(result: RunResult): string {
  const out: string[] = [`lptf ${result.tool.version} — ${headline(result)}`, ''];
  for (const s of runSections(result)) {
    out.push(s.title);
    if (s.table) out.push(renderTextTable(s.table));
    if (s.lines) out.push(...s.lines.map((l) => `  ${l}`));
    out.push('');
  }
  out.push(verdictLine(result), '');
  return out.join('\n');
}
