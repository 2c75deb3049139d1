import { InvalidInputError } from '../../core/errors/index.js';
import { Registry } from '../../core/registry.js';
import type { Reporter, ResultKind } from '../../output/index.js';
import { phaseHtml, phaseMarkdown, phaseText } from './phase-report.js';
import type { PhaseTimerResult } from './phase-result.js';

/**
 * A straight test's result (a `PhaseTimer`'s JSON) as a result type: text, Markdown, JSON and an
 * HTML page, and how a saved one is read back.
 *
 * @example
 * ```ts
 * await writeFile('phases.html', phasesKind.reporters.get('html').render(result))
 * ```
 */
export const phasesKind: ResultKind<PhaseTimerResult> = {
  name: 'lptf.phases/1',
  title: 'straight test',
  reporters: new Registry<Reporter<PhaseTimerResult>>('format', [
    { name: 'json', file: 'phases.json', render: (r) => `${JSON.stringify(r, null, 2)}\n` },
    { name: 'text', file: 'phases.txt', render: phaseText },
    { name: 'md', file: 'phases.md', render: phaseMarkdown },
    { name: 'html', file: 'phases.html', render: phaseHtml },
  ]),
  always: ['json'],
  read(value, where) {
    const phases = (value as { phases?: unknown }).phases;
    if (!Array.isArray(phases)) throw new InvalidInputError([{ where: `${where} phases`, message: 'must be a list' }]);
    return value as PhaseTimerResult;
  },
};
