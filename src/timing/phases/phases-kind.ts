import { InvalidInputError } from '../../core/errors/index.js';
import { Registry } from '../../core/registry.js';
import type { Reporter, ResultKind } from '../../output/index.js';
import { phaseHtml, phaseMarkdown, phaseText } from './phase-report.js';
import type { PhaseRecord, PhaseTimerResult } from './phase-result.js';

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
    const r = value as PhaseTimerResult;
    // Files from before phases nested: each phase at the top level, all its time its own.
    const whole = (p: PhaseRecord, i: number): PhaseRecord => ({
      ...p,
      id: typeof p.id === 'number' ? p.id : i + 1,
      parent: typeof p.parent === 'number' ? p.parent : null,
      selfMs: typeof p.selfMs === 'number' ? p.selfMs : p.wallMs,
      cpuUtilization:
        typeof p.cpuUtilization === 'number' || p.cpuUtilization === null
          ? p.cpuUtilization
          : p.wallMs > 0
            ? (p.cpuUserMs + p.cpuSystemMs) / p.wallMs
            : null,
    });
    return { ...r, phases: r.phases.map(whole) };
  },
};
