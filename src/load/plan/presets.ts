import { Registry } from '../../core/registry.js';
import type { PlanInput } from '../fields/field.js';

/**
 * A named plan: a layer beneath the config file and the flags, and checks shown for information.
 *
 * @example
 * ```ts
 * const p: Preset = { name: 'smoke', description: '10/s for 10s', plan: { rate: { value: 10, where: 'preset smoke' } }, info: [] }
 * ```
 */
export interface Preset {
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  readonly plan: PlanInput;
  /** Checks reported for information only, never failing the run. */
  readonly info: readonly string[];
}

/**
 * Every preset `--preset` accepts; a protocol registers its own (the widget's self-test).
 *
 * @example
 * ```ts
 * presets.find('wechat-widget')?.plan.rate // { value: 200, where: 'preset wechat-widget' }
 * ```
 */
export const presets = new Registry<Preset>('preset');
