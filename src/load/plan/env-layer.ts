import type { PlanInput } from '../fields/field.js';
import { planFields } from './plan-fields.js';

/**
 * The plan layer the environment gives: each field that declares an environment variable
 * (credentials belong there, not in files or shells' history). It lies above the config file and
 * below the flags. A repeatable field takes one value a line.
 *
 * @example
 * ```ts
 * envLayer({ LPTF_WX_TOKEN: 'abc' }).token // { value: 'abc', where: 'env LPTF_WX_TOKEN' }
 * ```
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>): PlanInput {
  const layer: Record<string, { value: unknown; where: string }> = {};
  for (const field of planFields()) {
    const value = field.env ? env[field.env] : undefined;
    if (!field.env || value === undefined || value === '') continue;
    // A field given several times takes one value a line (LPTF_HEADERS: a header a line).
    const values = field.repeatable ? value.split(/\r?\n/).filter((l) => l.trim() !== '') : value;
    layer[field.key] = { value: values, where: `env ${field.env}` };
  }
  return layer;
}
