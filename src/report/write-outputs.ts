import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../result/index.js';
import { markdownReport } from './markdown-report.js';

/**
 * Writes a run's files into `dir` (created if needed): `summary.json` (the whole result) and
 * `report.md`. Returns the paths written.
 *
 * @example
 * ```ts
 * await writeOutputs(result, 'results/run-1') // ['results/run-1/summary.json', 'results/run-1/report.md']
 * ```
 */
export async function writeOutputs(result: RunResult, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [join(dir, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`],
    [join(dir, 'report.md'), markdownReport(result)],
  ];
  await Promise.all(files.map(([path, text]) => writeFile(path, text)));
  return files.map(([path]) => path);
}
