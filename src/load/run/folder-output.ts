import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeReports } from '../../output/index.js';
import { runKind } from '../report/run-kind.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { Checkpoints } from './checkpoints.js';
import type { RunOutput } from './run-output.js';

/**
 * The `--out` folder as an output: at the start, the files of a run it replaces (`--overwrite`)
 * are removed, so the folder never mixes two runs (a junit.xml that passed must not sit beside a
 * failing run, a summary.json beside another run's checkpoint), and the folder is marked
 * incomplete; while the run lasts, its `checkpoints` save the figures so far; at the end, every
 * report asked for, `summary.json` and then `measure.json`, each written atomically, and only then
 * the marker goes. If a write fails, the marker stays and the whole run's `measure.json` is tried.
 *
 * @example
 * ```ts
 * const files = await folderOutput('results', ['html'], checkpoints('results', resolved, command)).stop(end)
 * ```
 */
export function folderOutput(dir: string, formats: readonly string[], guard?: Checkpoints): RunOutput {
  return {
    description: { en: `results in ${dir}`, zh: `结果在 ${dir}` },
    async start() {
      // The folder first (refused while another live run writes it), then the replaced run's files.
      await guard?.start();
      const replaced = [...runKind.reporters.all().map((r) => r.file), 'measure.json'].map((f) => join(dir, f));
      await Promise.all(replaced.map((f) => rm(f, { force: true })));
    },
    ...(guard ? { add: (sample) => guard.add(sample) } : {}),
    async stop(end) {
      // No checkpoint may land after (or on) the final files.
      await guard?.settle(!end);
      if (!end) {
        guard?.release();
        return [];
      }
      const { result, measurement } = end;
      try {
        // The figures first: stopped while the reports are written, the folder still holds them all.
        const measured = await writeMeasurement(measurement, dir);
        const files = [...(await writeReports(runKind, result, dir, formats)), measured];
        await guard?.done();
        return files;
      } catch (err) {
        await writeMeasurement(measurement, dir).catch(() => undefined);
        guard?.release();
        throw err;
      }
    },
  };
}
