import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors/index.js';
import { Registry } from '../core/registry.js';
import { ReadBudget } from './read-budget.js';
import type { ResultKind } from './result-kind.js';

/**
 * Every type of saved result `lptf report` can render; registered from the top of the program.
 *
 * @example
 * ```ts
 * resultKinds.register(runKind)
 * ```
 */
export const resultKinds = new Registry<ResultKind<unknown>>('result type');

/**
 * A saved result, from its JSON file or from a folder an `--out` wrote (the first saved JSON a
 * registered type would put there), read back through its type. `schemas` limits what is accepted.
 *
 * @example
 * ```ts
 * const { kind, result } = await readResult('results/run-1')
 * ```
 */
export async function readResult(
  where: string,
  schemas?: readonly string[],
  budget = new ReadBudget(),
): Promise<{ kind: ResultKind<unknown>; result: unknown; path: string }> {
  const kinds = resultKinds.all().filter((k) => !schemas || schemas.includes(k.name));
  const path = where.endsWith('.json') ? where : await savedFileIn(where, kinds);
  let value: { schema?: unknown };
  try {
    value = JSON.parse(await budget.readText(path)) as { schema?: unknown };
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? where.endsWith('.json')
          ? 'no such file'
          : 'no such file: is this a folder written by --out?'
        : `not readable JSON (${(err as Error).message})`;
    throw new InvalidInputError([{ where: path, message }]);
  }
  const kind = kinds.find((k) => k.name === value?.schema);
  if (!kind) {
    const expected = kinds.map((k) => `"${k.name}"`).join(' or ');
    throw new InvalidInputError([
      {
        where: path,
        message: `not a saved lptf result (schema ${JSON.stringify(value?.schema)}, expected ${expected})`,
      },
    ]);
  }
  return { kind, result: kind.read(value, path), path };
}

/** The saved JSON in a folder: the first of the types' own files that is there (a run's summary.json first). */
async function savedFileIn(dir: string, kinds: readonly ResultKind<unknown>[]): Promise<string> {
  const candidates = kinds.map((k) => join(dir, k.reporters.get(k.always[0] as string).file));
  for (const path of candidates) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return candidates[0] ?? join(dir, 'summary.json');
}
