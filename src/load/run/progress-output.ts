import { type ProgressTarget, progressReporter } from '../progress/index.js';
import type { RunOutput } from './run-output.js';

/**
 * The progress line on stderr as an output, in the run's language: redrawn each second on a
 * terminal, a line every 10 s otherwise.
 *
 * @example
 * ```ts
 * const outputs = [progressOutput(process.stderr, plan.lang)]
 * ```
 */
export function progressOutput(target: ProgressTarget, lang: 'zh' | 'en'): RunOutput {
  const line = progressReporter(target, lang);
  return {
    description: 'progress',
    start: () => undefined,
    add: (sample) => line.update(sample.progress),
    interrupted: () => line.done(),
    async stop() {
      line.done();
      return [];
    },
  };
}
