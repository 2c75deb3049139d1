import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Measurement, RunResult } from '../result/index.js';
import { FORMATS, type Format } from './formats.js';

/** What `--out` always writes: the whole result and the Markdown report. */
export const DEFAULT_FORMATS: readonly Format[] = ['json', 'md'];

/**
 * Writes a run's files into `dir` (created if needed): `summary.json` and `report.md` always,
 * plus any other format asked for (`series.csv`, `junit.xml`, `report.txt`). Returns the paths
 * written.
 *
 * @example
 * ```ts
 * await writeOutputs(result, 'results/run-1', ['junit']) // [… 'results/run-1/junit.xml']
 * ```
 */
export async function writeOutputs(result: RunResult, dir: string, formats: readonly Format[] = []): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [...new Set([...DEFAULT_FORMATS, ...formats])].map((f) => [join(dir, FORMATS[f].file), FORMATS[f].render(result)] as const);
  await Promise.all(files.map(([path, text]) => writeFile(path, text)));
  return files.map(([path]) => path);
}

/**
 * Writes a run's raw, mergeable measurements as `measure.json` into `dir`; returns its path.
 *
 * @example
 * ```ts
 * await writeMeasurement(await test.measurement, 'out') // 'out/measure.json'
 * ```
 */
export async function writeMeasurement(measurement: Measurement, dir: string): Promise<string> {
  const path = join(dir, 'measure.json');
  await writeFile(path, `${JSON.stringify(measurement)}\n`);
  return path;
}
