import type { PhaseTimerResult } from './phase-result.js';
import { phaseHtml, phaseMarkdown, phaseText } from './phase-report.js';

/**
 * Every format a straight test renders to, with the file name `lptf report --out` gives it.
 *
 * @example
 * ```ts
 * await writeFile('phases.html', PHASE_FORMATS.html.render(result))
 * ```
 */
export const PHASE_FORMATS = {
  text: { file: 'phases.txt', render: phaseText },
  md: { file: 'phases.md', render: phaseMarkdown },
  json: { file: 'phases.json', render: (r: PhaseTimerResult) => `${JSON.stringify(r, null, 2)}\n` },
  html: { file: 'phases.html', render: phaseHtml },
} as const;
