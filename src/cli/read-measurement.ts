import { join } from 'node:path';
import { InvalidInputError } from '../core/errors/index.js';
import type { MeasurementFile } from '../load/merge/index.js';
import { checkedMeasurement, type Measurement } from '../load/result/index.js';
import { ReadBudget } from '../output/index.js';

/**
 * Reads a run's `measure.json` (from its `--out` folder, or the file itself), checked field by
 * field with bounds: a crafted file is refused here, not met in a merge or a report. Its bytes
 * are taken from `budget` (a merge reads all its segments from one).
 *
 * @example
 * ```ts
 * const { measurement } = await readMeasurement('results/segment-0')
 * ```
 */
export async function readMeasurement(where: string, budget = new ReadBudget()): Promise<MeasurementFile> {
  const path = where.endsWith('.json') ? where : join(where, 'measure.json');
  let text: string;
  try {
    text = await budget.readText(path);
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InvalidInputError([
      {
        where: path,
        message: missing ? 'no such file: is this a folder written by lptf run --out?' : (err as Error).message,
      },
    ]);
  }
  return measurementFromText(text, path);
}

/**
 * A measure.json's text (from a file, or a pod's log), checked as {@link readMeasurement} checks a file.
 *
 * @example
 * ```ts
 * const { measurement } = measurementFromText(json, 'logs.txt: segment 0')
 * ```
 */
export function measurementFromText(text: string, path: string): MeasurementFile {
  let value: Measurement;
  try {
    value = JSON.parse(text) as Measurement;
  } catch (err) {
    throw new InvalidInputError([{ where: path, message: `not readable JSON (${(err as Error).message})` }]);
  }
  if (value?.schema !== 'lptf.measure/1')
    throw new InvalidInputError([
      {
        where: path,
        message: `not an lptf measurement (schema ${JSON.stringify(value?.schema)}, expected "lptf.measure/1")`,
      },
    ]);
  return { path, measurement: checkedMeasurement(value, path) };
}
