/**
 * A value and where it came from: `--rate`, `lptf.config.yaml:4 rate`, `preset wechat-widget`.
 *
 * @example
 * ```ts
 * const s: Sourced = { value: 200, where: 'lptf.config.yaml:3 rate' }
 * ```
 */
export interface Sourced {
  readonly value: unknown;
  readonly where: string;
}

/**
 * The fields a plan can set, from flags, a config file or a preset.
 *
 * @example
 * ```ts
 * PLAN_FIELDS.includes('rate') // true
 * ```
 */
export const PLAN_FIELDS = [
  'url',
  'method',
  'headers',
  'body',
  'rate',
  'duration',
  'maxInflight',
  'queue',
  'timeout',
  'cases',
  'checks',
  'preset',
  'okStatus',
  'seed',
  'lang',
  'out',
  'formats',
  'quiet',
  'dashboard',
  'dashboardHost',
  'client',
  'workers',
  'connections',
  'insecure',
  'segment',
  'startAt',
  'token',
  'aesKey',
  'appId',
  'ghId',
  'plain',
  'bodyFormat',
  'expect',
] as const;

/**
 * One field of a plan.
 *
 * @example
 * ```ts
 * const f: PlanField = 'maxInflight'
 * ```
 */
export type PlanField = (typeof PLAN_FIELDS)[number];

/**
 * One layer of plan input (a preset, a config file, the flags): any subset of fields, each
 * with its source, so every problem can say where it is.
 *
 * @example
 * ```ts
 * const flags: PlanInput = { rate: { value: '200', where: '--rate' } }
 * ```
 */
export type PlanInput = Partial<Record<PlanField, Sourced>>;

/**
 * A field's value from the topmost layer that sets it (layers lowest first: environment,
 * config file, flags), with where it came from.
 *
 * @example
 * ```ts
 * pickField([config, flags], 'rate') // { value: '500', where: '--rate' } if both set it
 * ```
 */
export function pickField(layers: readonly PlanInput[], field: PlanField): Sourced | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const s = layers[i]?.[field];
    if (s !== undefined && s.value !== undefined) return s;
  }
  return undefined;
}
