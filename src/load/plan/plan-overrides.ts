import { redactCommand, redactText } from '../../core/redact/index.js';
import type { Said } from '../../core/said.js';
import type { FieldSpec, PlanInput, Sourced } from '../fields/field.js';

/**
 * Fields whose layers do not replace one another: checks add up (see `layeredChecks`), headers
 * merge by name (only a header named twice is replaced), and where a load file is.
 */
const NOT_REPLACED = new Set(['checks', 'replaceChecks', 'headers', 'script']);

/**
 * What each layer set that a layer above it replaced, one line each, for the headline and
 * `--dry-run`: `rate 50 (--rate) replaces 100 (checkout.load.ts: rate)`. A value given alike in
 * both is no override. Credentials are never shown.
 *
 * @example
 * ```ts
 * overridesOf([{ rate: { value: 100, where: 'f.load.ts: rate' } }, { rate: { value: '50', where: '--rate' } }], fields)[0].en
 * // 'rate 50 (--rate) replaces 100 (f.load.ts: rate)'
 * ```
 */
export function overridesOf(all: readonly PlanInput[], fields: readonly FieldSpec[]): Said[] {
  const lines: Said[] = [];
  for (const field of fields) {
    if (NOT_REPLACED.has(field.key)) continue;
    const given = all.flatMap((l) => (l[field.key]?.value === undefined ? [] : [l[field.key] as Sourced]));
    const top = given.at(-1);
    if (!top) continue;
    const shown = (v: unknown): string => showValue(field, v);
    const replaced = given.slice(0, -1).filter((s) => shown(s.value) !== shown(top.value));
    if (replaced.length === 0) continue;
    lines.push({
      en: `${field.key} ${shown(top.value)} (${top.where}) replaces ${replaced.map((s) => `${shown(s.value)} (${s.where})`).join(', ')}`,
      zh: `${field.key} ${shown(top.value)}（${top.where}）替换了 ${replaced.map((s) => `${shown(s.value)}（${s.where}）`).join('、')}`,
    });
  }
  lines.push(...headerOverrides(all));
  return lines;
}

/** A header set in two layers: the upper one's value is sent. */
function headerOverrides(all: readonly PlanInput[]): Said[] {
  const seen = new Map<string, { value: string; where: string }>();
  const lines: Said[] = [];
  for (const layer of all) {
    const src = layer.headers;
    if (!src || src.value === undefined) continue;
    for (const [name, value] of headerEntries(src.value)) {
      const key = name.toLowerCase();
      const before = seen.get(key);
      if (before && before.value !== value)
        lines.push({
          en: `header ${name} (${src.where}) replaces the one of ${before.where}: its value is not shown`,
          zh: `header ${name}（${src.where}）替换了 ${before.where} 中的同名 header：值不显示`,
        });
      seen.set(key, { value, where: src.where });
    }
  }
  return lines;
}

/** A layer's headers as name and value, whether it gives an object or `Name: value` lines. */
function headerEntries(value: unknown): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  return (Array.isArray(value) ? value : [value]).flatMap((h) => {
    const text = String(h);
    const i = text.indexOf(':');
    return i > 0 ? [[text.slice(0, i).trim(), text.slice(i + 1).trim()] as [string, string]] : [];
  });
}

/**
 * A field's value as a line shows it (the headline, `--dry-run`): a credential as `***`, and
 * whatever else might hold one redacted by the one rule (a URL's password and secret query values,
 * a secret header's value, a command's secret assignments); a list joined, a stage as
 * `time:rate[:name]`.
 *
 * @example
 * ```ts
 * showValue({ key: 'stages' } as FieldSpec, [{ duration: '5s', target: 100 }]) // '5s:100'
 * ```
 */
export function showValue(field: Pick<FieldSpec, 'key' | 'secret'>, value: unknown): string {
  if (field.secret) return '***';
  const one = (v: unknown): string => {
    if (v && typeof v === 'object' && 'duration' in v && 'target' in v) {
      const s = v as { duration: unknown; target: unknown; name?: unknown };
      return `${String(s.duration)}:${String(s.target)}${s.name === undefined ? '' : `:${String(s.name)}`}`;
    }
    const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    return field.key === 'watchCmd' ? redactCommand(text) : redactText(text);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}
