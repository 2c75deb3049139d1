import { join } from 'node:path';
import { writeFileAtomic } from '../../output/index.js';
import type { Measurement } from '../result/index.js';

/**
 * Writes a run's raw, mergeable measurements as `measure.json` into `dir`, atomically; returns
 * its path.
 *
 * @example
 * ```ts
 * await writeMeasurement(await test.measurement, 'out') // 'out/measure.json'
 * ```
 */
export async function writeMeasurement(measurement: Measurement, dir: string): Promise<string> {
  const path = join(dir, 'measure.json');
  await writeFileAtomic(path, `${JSON.stringify(measurement)}\n`);
  return path;
}
