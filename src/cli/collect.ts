/**
 * Commander's accumulator for a repeatable option: each use appends its value.
 *
 * @example
 * ```ts
 * cmd.option('--check <expr>', 'repeatable', collect) // --check a --check b → ['a', 'b']
 * ```
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
