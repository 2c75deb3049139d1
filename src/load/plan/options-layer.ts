import { type PlanInput, UNKNOWN_FIELD } from '../fields/field.js';
import type { PlanOptions } from '../fields/plan-options.js';
import { planFields } from './plan-fields.js';

/** Options of a plan written as code (a load file, `run()`) that are not plan fields: the code's own. */
export const CODE_KEYS: readonly string[] = ['protocolOptions', 'scenarios', 'data', 'setup', 'teardown'];
const NOT_FIELDS = new Set(CODE_KEYS);

/**
 * The plan layer `options` make: each field where `options.<key>` names it in problems.
 *
 * @example
 * ```ts
 * optionsLayer({ url: 'http://127.0.0.1/', rate: 10 }).rate // { value: 10, where: 'options.rate' }
 * ```
 */
export function optionsLayer(options: PlanOptions, prefix = 'options.'): PlanInput {
  const known = new Set(planFields().map((f) => f.key));
  const layer: Record<string, { value: unknown; where: string }> = {};
  const put = (key: string, value: unknown, where: string): void => {
    if (value !== undefined) layer[known.has(key) ? key : `${UNKNOWN_FIELD}${key}`] = { value, where };
  };
  for (const [key, value] of Object.entries(options)) {
    if (NOT_FIELDS.has(key)) continue;
    const where = `${prefix}${key}`;
    if (key === 'cases' && value && typeof value === 'object' && !Array.isArray(value))
      put(
        key,
        Object.entries(value as Record<string, string>).map(([label, file]) => `${label}=${file}`),
        where,
      );
    else if (key === 'startAt' && value instanceof Date) put(key, value.toISOString(), where);
    else put(key, value, where);
  }
  for (const [key, value] of Object.entries(options.protocolOptions ?? {}))
    put(key, value, `${prefix}protocolOptions.${key}`);
  return layer;
}
