import { sectionsToText } from '../../render/render-sections.js';
import type { RunResult } from '../result/index.js';
import { headline, runSections, verdictLine } from './sections.js';

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
  out.push(...sectionsToText(runSections(result)));
  out.push(verdictLine(result), '');
  return out.join('\n');
}
