import { LptfError } from '../core/errors/index.js';
import { HIDDEN } from './hidden.js';
import type { Suite } from './suite.js';

/**
 * A suite that cannot run as written (no benchmarks, an empty case list, an unknown baseline,
 * a reserved name), or a bench file that defines none: exit code 2.
 *
 * @example
 * ```ts
 * throw new BenchDefinitionError('loops: the case list is empty')
 * ```
 */
export class BenchDefinitionError extends LptfError {
  constructor(message: string) {
    super(message, 'LPTF_BENCH_DEFINITION', 2);
  }
}

/**
 * Checks a suite's definition, naming the suite and the field at fault.
 *
 * @example
 * ```ts
 * checkSuite(suite('x', { cases: {}, benchmarks: { a: () => 1 } })) // throws: x: cases: the case list is empty
 * ```
 */
export function checkSuite(s: Suite<unknown>): void {
  const where = `suite "${s.name}"`;
  const spec = s.spec as Partial<Suite<unknown>['spec']> | undefined;
  if (typeof s.name !== 'string' || s.name.trim() === '') throw new BenchDefinitionError('a suite needs a name');
  if (!spec || typeof spec.benchmarks !== 'object' || spec.benchmarks === null)
    throw new BenchDefinitionError(`${where}: benchmarks: give an object of name → function`);
  const names = Object.keys(spec.benchmarks);
  if (names.length === 0) throw new BenchDefinitionError(`${where}: benchmarks: none defined`);
  for (const n of names) {
    const b = spec.benchmarks[n] as unknown;
    const ok =
      typeof b === 'function' ||
      (typeof b === 'object' &&
        b !== null &&
        typeof (b as { run?: unknown }).run === 'function' &&
        typeof (b as { prepare?: unknown }).prepare === 'function');
    if (!ok) throw new BenchDefinitionError(`${where}: benchmarks.${n}: a function of the case, or { prepare, run }`);
    if ((Object.values(HIDDEN) as string[]).includes(n))
      throw new BenchDefinitionError(`${where}: benchmarks.${n}: that name is reserved`);
  }
  if (
    spec.iterations !== undefined &&
    !(Number.isInteger(spec.iterations) && spec.iterations >= 1 && spec.iterations <= 1e9)
  )
    throw new BenchDefinitionError(
      `${where}: iterations: a whole number from 1 to 1e9, got ${String(spec.iterations)}`,
    );
  if (spec.cases !== undefined) {
    if (typeof spec.cases !== 'object' || spec.cases === null)
      throw new BenchDefinitionError(`${where}: cases: give an object of name → case`);
    if (Object.keys(spec.cases).length === 0) throw new BenchDefinitionError(`${where}: cases: the case list is empty`);
  }
  if (spec.baseline !== undefined && !names.includes(spec.baseline))
    throw new BenchDefinitionError(
      `${where}: baseline: "${spec.baseline}" is not one of its benchmarks (${names.join(', ')})`,
    );
}
