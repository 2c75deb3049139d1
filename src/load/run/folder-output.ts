import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeReports } from '../../output/index.js';
import { runKind } from '../report/run-kind.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { RunOutput } from './run-output.js';

/**
 * The `--out` folder as an output: at the end, `summary.json`, `report.md`, the formats asked
 * for and `measure.json`, each written atomically; then any other report of lptf's left by a run
 * it replaced (`--overwrite`) is removed, so the folder holds one run.
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
      const written = [...files, await writeMeasurement(measurement, dir)];
      // A replaced run's other reports go: a junit.xml that passed must not sit beside a failing run.
      const stale = runKind.reporters
        .all()
        .map((r) => join(dir, r.file))
        .filter((f) => !written.includes(f));
      await Promise.all(stale.map((f) => rm(f, { force: true })));
      return written;
    },
  };
}
