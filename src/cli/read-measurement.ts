import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors/index.js';
import type { MeasurementFile } from '../load/merge/index.js';
import { checkedMeasurement, type Measurement } from '../load/result/index.js';

/**
 * Reads a run's `measure.json` (from its `--out` folder, or the file itself), checked field by
 * field with bounds: a crafted file is refused here, not met in a merge or a report.
 *
 * @example
 * ```ts
 * const { measurement } = await readMeasurement('results/segment-0')
 * ```
 */
export async function readMeasurement(where: string): Promise<MeasurementFile> {
  const path = where.endsWith('.json') ? where : join(where, 'measure.json');
  let value: Measurement;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as Measurement;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InvalidInputError([
      {
        where: path,
        message: missing
          ? 'no such file: is this a folder written by lptf run --out?'
          : `not readable JSON (${(err as Error).message})`,
      },
    ]);
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
