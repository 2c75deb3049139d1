import type { Problem } from '../../core/errors/index.js';
import { nearestWord } from '../../core/nearest-word.js';
import { type FieldSpec, longFlag, type PlanInput, UNKNOWN_FIELD } from '../fields/field.js';

/**
 * A problem for each key of the layers that names no field (a config file keeps them aside as
 * `unknown:<key>`), with the nearest field's name when one is close, and the fields as the layer
 * spells them: a config file as the README and `--help` do (kebab-case), code (a layer whose
 * problems start with one of `code.prefixes`) as TypeScript does (camelCase, with `code.keys`).
 *
 * @example
 * ```ts
 * unknownFields([{ 'unknown:rat': { value: 10, where: 'plan.yaml:1 rat' } }], planFields())
 * // [{ where: 'plan.yaml:1 rat', message: 'unknown field; did you mean rate? known fields: url, rate, …' }]
 * ```
 */
export function unknownFields(
  layers: readonly PlanInput[],
  fields: readonly FieldSpec[],
  code: { readonly prefixes: readonly string[]; readonly keys: readonly string[] } = { prefixes: [], keys: [] },
): Problem[] {
  // As a config file spells them: the flag's name (kebab-case), or the key of a positional (url);
  // as code spells them (a load file, run()'s options): the key, camelCase, and code's own keys.
  const kebab = fields.map((f) => (longFlag(f).startsWith('--') ? longFlag(f).slice(2) : f.key));
  const camel = [...fields.map((f) => f.key), ...code.keys];
  const problems: Problem[] = [];
  for (const layer of layers)
    for (const [key, src] of Object.entries(layer)) {
      if (!src || !key.startsWith(UNKNOWN_FIELD)) continue;
      const names = code.prefixes.some((p) => src.where.startsWith(p)) ? camel : kebab;
      const typed = key.slice(UNKNOWN_FIELD.length);
      const near = nearestWord(typed, names);
      problems.push({
        where: src.where,
        message: `unknown field${near ? `; did you mean ${near}?` : ';'} known fields: ${names.join(', ')}`,
      });
    }
  return problems;
}
