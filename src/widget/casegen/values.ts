import { compilePattern } from './pattern.js';
import type { DateFormat, ValueSpec } from './schema.js';

const DAY_MS = 86_400_000;

/**
 * Writes a date `offsetDays` from `today` in the given format (UTC calendar days).
 *
 * @example
 * ```ts
 * formatDate(new Date('2026-11-22'), 1, 'YYYY-MM-DD') // '2026-11-23'
 * ```
 */
export function formatDate(today: Date, offsetDays: number, format: DateFormat): string {
  const iso = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + offsetDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return format === 'YYYY-MM-DD' ? iso : iso.replaceAll('-', '');
}

/**
 * A valid value for a slot. `index` picks enum values in turn (for coverage); other kinds draw
 * from `random`.
 *
 * @example
 * ```ts
 * validValue({ kind: 'int', min: 1, max: 9 }, rnd, 0, today) // '7'
 * ```
 */
export function validValue(spec: ValueSpec, random: () => number, index: number, today: Date): string {
  const pick = (n: number): number => Math.floor(random() * n);
  switch (spec.kind) {
    case 'enum':
      return spec.values[index % spec.values.length] as string;
    case 'text':
      return spec.values[pick(spec.values.length)] as string;
    case 'int':
      return String(spec.min + pick(spec.max - spec.min + 1));
    case 'decimal':
      return (spec.min + random() * (spec.max - spec.min)).toFixed(spec.digits);
    case 'date':
      return formatDate(today, spec.from + pick(spec.to - spec.from + 1), spec.format);
    case 'pattern':
      return compilePattern(spec.pattern)(random);
  }
}

/**
 * A value of the right JSON type but outside what the slot allows, if the kind has such a thing:
 * not in the whitelist, out of range, or a date outside the window. `variant` varies it.
 *
 * @example
 * ```ts
 * outsideValue({ kind: 'int', min: 1, max: 9 }, 0, today) // '10'
 * ```
 */
export function outsideValue(spec: ValueSpec, variant: number, today: Date): string | undefined {
  switch (spec.kind) {
    case 'enum': {
      const known = new Set(spec.values);
      const base = spec.values[variant % spec.values.length] as string;
      for (let k = variant; ; k++) {
        const candidate = /^\d+$/.test(base)
          ? String(Number(base) + 1 + k * 7919).padStart(base.length, '0')
          : `${base}_${k.toString(36)}`;
        if (!known.has(candidate)) return candidate;
      }
    }
    case 'int':
      return String(variant % 2 === 0 ? spec.max + 1 + variant : spec.min - 1 - variant);
    case 'decimal':
      return (variant % 2 === 0 ? spec.max + 1 + variant : spec.min - 1 - variant).toFixed(spec.digits);
    case 'date':
      return formatDate(today, variant % 2 === 0 ? spec.to + 366 + variant : spec.from - 366 - variant, spec.format);
    default:
      return undefined;
  }
}
