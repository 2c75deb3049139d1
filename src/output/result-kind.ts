import type { Registry } from '../core/registry.js';
import type { Reporter } from './reporter.js';

/**
 * A type of result lptf saves and renders: a load run, a straight test's phases, a bench run, a
 * comparison. Its formats are a registry (a new one is a file and a `register` line), and a
 * saved result is read back only through `read`, which checks it instead of trusting it.
 *
 * @example
 * ```ts
 * resultKinds.get('lptf.run/1').reporters.get('md').render(result)
 * ```
 */
export interface ResultKind<R> {
  /** The `schema` its JSON carries, e.g. `lptf.run/1`. */
  readonly name: string;
  /** What it is, for messages: `load run`. */
  readonly title: string;
  readonly reporters: Registry<Reporter<R>>;
  /** The formats an `--out` folder always holds (the first is the saved JSON). */
  readonly always: readonly string[];
  /** A saved result (parsed JSON) as this type; throws an `InvalidInputError` naming `where` if it is not one. */
  read(value: unknown, where: string): R;
}
