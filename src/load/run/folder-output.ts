import { writeReports } from '../../output/index.js';
import { runKind } from '../report/run-kind.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { RunOutput } from './run-output.js';

/**
 * The `--out` folder as an output: at the end, `summary.json`, `report.md`, the formats asked
 * for and `measure.json`, each written atomically.
 *
 * @example
 * ```ts
 * const files = await folderOutput('results', ['html']).stop(end)
 * ```
 */
export function folderOutput(dir: string, formats: readonly string[]): RunOutput {
  return {
    description: `results in ${dir}`,
    start: () => undefined,
    async stop(end) {
      if (!end) return [];
      const { result, measurement } = end;
      const files = await writeReports(runKind, result, dir, formats);
      return [...files, await writeMeasurement(measurement, dir)];
    },
  };
}
