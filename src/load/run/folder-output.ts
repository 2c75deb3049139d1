import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeReports } from '../../output/index.js';
import { runKind } from '../report/run-kind.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { RunOutput } from './run-output.js';

/**
 * The `--out` folder as an output: at the start, the files of a run it replaces (`--overwrite`)
 * are removed, so the folder never mixes two runs (a junit.xml that passed must not sit beside a
 * failing run, a summary.json beside another run's checkpoint); at the end, every report asked
 * for, `summary.json` and then `measure.json`, each written atomically.
 *
 * @example
 * ```ts
 * const files = await folderOutput('results', ['html']).stop(end)
 * ```
 */
export function folderOutput(dir: string, formats: readonly string[]): RunOutput {
  return {
    description: `results in ${dir}`,
    async start() {
      const replaced = [...runKind.reporters.all().map((r) => r.file), 'measure.json'].map((f) => join(dir, f));
      await Promise.all(replaced.map((f) => rm(f, { force: true })));
    },
    async stop(end) {
      if (!end) return [];
      const { result, measurement } = end;
      const files = await writeReports(runKind, result, dir, formats);
      return [...files, await writeMeasurement(measurement, dir)];
    },
  };
}
