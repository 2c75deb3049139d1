import type { ModeSpec, SlotSpec } from './schema.js';
import { outsideValue } from './values.js';

/**
 * The kinds of abnormal case, each a way a query can be wrong.
 *
 * @example
 * ```ts
 * ABNORMAL_CATEGORIES.includes('unknown_type') // true
 * ```
 */
export const ABNORMAL_CATEGORIES = [
  'not_in_whitelist',
  'out_of_range',
  'wrong_json_type',
  'missing_required_slot',
  'unknown_slot',
  'empty_value',
  'over_long_value',
  'malformed_date',
  'unknown_type',
  'parser_breaking',
] as const;

/**
 * One kind of abnormal case.
 *
 * @example
 * ```ts
 * const c: AbnormalCategory = 'malformed_date'
 * ```
 */
export type AbnormalCategory = (typeof ABNORMAL_CATEGORIES)[number];

/**
 * A query being built: its type and slots, in order.
 *
 * @example
 * ```ts
 * const q: Query = { type: 1, slot_list: [{ key: 'stock_code', value: '00700' }] }
 * ```
 */
export interface Query {
  type: unknown;
  slot_list: { key: string; value: unknown }[];
  /** Where the user is, when they granted it (degrees). */
  longitude?: number;
  latitude?: number;
}

const BREAKERS = [
  '00700"; DROP TABLE t; --',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '📈🚀 ',
  'a\u0000b\nc\td',
  '"}]}{"x":"',
  '\\u0000\\\\',
];
const BAD_DATES = ['2026-13-45', 'tomorrow', '2026/11/22', '22-11-2026', '2026-02-30', '99999999'];
const WRONG_TYPES: readonly unknown[] = [700, true, null, ['x'], { v: 1 }, 1.5];

/**
 * The slots of a mode a category can break, or `[undefined]` for categories about the whole
 * query; empty if the category does not apply to the mode (e.g. no date slot).
 *
 * @example
 * ```ts
 * targets('malformed_date', weatherOneDay) // [begin_date slot]
 * ```
 */
export function targets(category: AbnormalCategory, mode: ModeSpec): (SlotSpec | undefined)[] {
  const slots = mode.slots;
  switch (category) {
    case 'not_in_whitelist':
      return slots.filter((s) => s.value.kind === 'enum');
    case 'out_of_range':
      return slots.filter((s) => ['int', 'decimal', 'date'].includes(s.value.kind));
    case 'malformed_date':
      return slots.filter((s) => s.value.kind === 'date');
    case 'missing_required_slot':
      return slots.filter((s) => s.required);
    case 'unknown_slot':
    case 'unknown_type':
      return [undefined];
    default:
      return [...slots];
  }
}

/**
 * Breaks a valid query in the way of `category` (on `slot` where it applies); `variant` varies
 * the break so no two abnormal cases are alike.
 *
 * @example
 * ```ts
 * breakQuery(q, 'empty_value', slot, 0, today, [1]) // q with that slot's value ""
 * ```
 */
export function breakQuery(
  q: Query,
  category: AbnormalCategory,
  slot: SlotSpec | undefined,
  variant: number,
  today: Date,
  knownTypes: readonly number[],
): Query {
  const set = (value: unknown): Query => {
    const slot_list = q.slot_list.some((s) => s.key === slot?.key)
      ? q.slot_list.map((s) => (s.key === slot?.key ? { ...s, value } : s))
      : [...q.slot_list, { key: slot?.key ?? '', value }];
    return { ...q, slot_list };
  };
  switch (category) {
    case 'not_in_whitelist':
    case 'out_of_range':
      return set(outsideValue(slot!.value, variant, today));
    case 'wrong_json_type':
      return set(WRONG_TYPES[variant % WRONG_TYPES.length]);
    case 'missing_required_slot':
      return { ...q, slot_list: q.slot_list.filter((s) => s.key !== slot!.key) };
    case 'unknown_slot':
      return { ...q, slot_list: [...q.slot_list, { key: `unknown_slot_${variant}`, value: 'x' }] };
    case 'empty_value':
      return set('');
    case 'over_long_value':
      return set(`${String(q.slot_list.find((s) => s.key === slot!.key)?.value ?? 'x')}${'9'.repeat(1000 + variant)}`);
    case 'malformed_date':
      return set(`${BAD_DATES[variant % BAD_DATES.length]}${variant >= BAD_DATES.length ? ` ${variant}` : ''}`);
    case 'unknown_type':
      return { ...q, type: Math.max(...knownTypes) + 900 + variant };
    case 'parser_breaking':
      return set(`${BREAKERS[variant % BREAKERS.length]}${variant >= BREAKERS.length ? variant : ''}`);
  }
}
