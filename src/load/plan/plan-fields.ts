import type { FieldSpec } from '../fields/field.js';
import { RUN_FIELDS } from '../fields/run-fields.js';
import { protocols } from '../protocol/protocols.js';
import { presets } from './presets.js';

export const PROTOCOL: FieldSpec = {
  key: 'protocol',
  flags: '--protocol <name>',
  help: 'what the requests speak (a preset may choose one)',
  fallback: 'http',
  group: 'request',
  choices: () => protocols.names(),
};

const preset = (): FieldSpec => ({
  key: 'preset',
  flags: '--preset <name>',
  help: `a named plan${presets
    .all()
    .map((p) => `; ${p.name} = ${p.description}`)
    .join('')}`,
  group: 'request',
  choices: () => presets.names(),
});

/**
 * Every field a plan may set: lptf's own, then each registered protocol's, each declared once.
 *
 * @example
 * ```ts
 * planFields().map((f) => f.key).includes('token') // true once the widget is registered
 * ```
 */
export function planFields(): FieldSpec[] {
  return [...ownFields(), ...protocolFields()];
}

/**
 * lptf's own fields, the registries' choices read now.
 *
 * @example
 * ```ts
 * ownFields().some((f) => f.key === 'token') // false
 * ```
 */
export function ownFields(): FieldSpec[] {
  return [...RUN_FIELDS.slice(0, 6), PROTOCOL, preset(), ...RUN_FIELDS.slice(6)];
}

/**
 * The registered protocols' fields, each key once (two protocols may share one, e.g. `plain`).
 *
 * @example
 * ```ts
 * protocolFields().map((f) => f.key) // ['token', 'aesKey', …] once the widget is registered
 * ```
 */
export function protocolFields(): FieldSpec[] {
  const seen = new Set(RUN_FIELDS.map((f) => f.key));
  return protocols.all().flatMap((p) =>
    p.fields.filter((f) => {
      if (seen.has(f.key)) return false;
      seen.add(f.key);
      return true;
    }),
  );
}
