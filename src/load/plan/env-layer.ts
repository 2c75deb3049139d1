import type { PlanInput } from '../fields/field.js';
import { planFields } from './plan-fields.js';

/**
 * The plan layer the environment gives: each field that declares an environment variable
 * (credentials belong there, not in files or shells' history). It lies below the config file and
 * the flags.
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
    if (field.env && value !== undefined && value !== '') layer[field.key] = { value, where: `env ${field.env}` };
  }
  return layer;
}
