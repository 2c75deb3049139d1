import { sectionsToText } from '../../render/render-sections.js';
import { terminalSafe } from '../../render/safe-text.js';
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
  const out: string[] = [oneLine(`lptf ${result.tool.version} — ${headline(result)}`), ''];
  out.push(...sectionsToText(runSections(result)));
  out.push(oneLine(verdictLine(result)), '');
  return out.join('\n');
}

/** The headline and the verdict are one line each, whatever a result read back holds (a URL with ESC, a reason with a line feed). */
function oneLine(text: string): string {
  return terminalSafe(text).replace(/\n/g, '\\n');
}
