import { join } from 'node:path';
import { makeFolder } from './make-folder.js';
import type { ResultKind } from './result-kind.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * Writes a result's files into `dir` (created if needed): the formats its type always writes,
 * plus those asked for, each atomically, the saved JSON last (its presence says the folder is
 * whole). Returns the paths, in the order `--out` documents them.
 *
 * @example
 * ```ts
 * await writeReports(runKind, result, 'results/run-1', ['junit']) // ['results/run-1/summary.json', …/report.md, …/junit.xml]
 * ```
 */
export async function writeReports<R>(
  kind: ResultKind<R>,
  result: R,
  dir: string,
  formats: readonly string[] = [],
): Promise<string[]> {
  await makeFolder(dir);
  const names = [...new Set([...kind.always, ...formats])];
  const reporters = names.map((name) => kind.reporters.get(name));
  const [saved, ...rest] = reporters;
  for (const r of [...rest, saved]) if (r) await writeFileAtomic(join(dir, r.file), r.render(result));
  return reporters.map((r) => join(dir, r.file));
}
