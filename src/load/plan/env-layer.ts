import type { PlanField, PlanInput } from './plan-input.js';

/**
 * Environment variables that set plan fields: credentials belong here, not in files or shells' history.
 *
 * @example
 * ```ts
 * ENV_FIELDS.LPTF_WX_TOKEN // 'token'
 * ```
 */
export const ENV_FIELDS: Readonly<Record<string, PlanField>> = {
  LPTF_WX_TOKEN: 'token',
  LPTF_WX_AES_KEY: 'aesKey',
  LPTF_WX_APPID: 'appId',
  LPTF_WX_GH_ID: 'ghId',
};

/**
 * The plan layer the environment gives (credentials of the widget protocol). It lies below the
 * config file and the flags.
 *
 * @example
 * ```ts
 * envLayer({ LPTF_WX_TOKEN: 'abc' }).token // { value: 'abc', where: 'env LPTF_WX_TOKEN' }
 * ```
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>): PlanInput {
  const layer: Record<string, { value: unknown; where: string }> = {};
  for (const [name, field] of Object.entries(ENV_FIELDS)) {
    const value = env[name];
    if (value !== undefined && value !== '') layer[field] = { value, where: `env ${name}` };
  }
  return layer;
}
