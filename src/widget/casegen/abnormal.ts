import { breach } from './rules.js';
import type { ModeSpec, SlotRule, SlotSpec } from './schema.js';
import { outsideValue, validValue } from './values.js';

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
  // A mode's rules between slots (see `SlotRule`), each broken alone: every slot's value valid by itself.
  'wrong_order',
  'disallowed_pair',
  'condition_broken',
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
    case 'wrong_order':
    case 'disallowed_pair':
    case 'condition_broken':
      // Broken by rule, not by slot: see `ruleTargets`.
      return [];
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
    case 'wrong_order':
    case 'disallowed_pair':
    case 'condition_broken':
      throw new RangeError(`${category} breaks a rule: see breakRule`);
  }
}

/** The rule kind each rule category breaks. */
const RULE_CATEGORY: Readonly<Record<SlotRule['kind'], AbnormalCategory>> = {
  order: 'wrong_order',
  pairs: 'disallowed_pair',
  when: 'condition_broken',
};

/**
 * The rules of a mode a rule category can break: its rules of that kind.
 *
 * @example
 * ```ts
 * ruleTargets('wrong_order', weatherOneWeek) // [{ kind: 'order', slots: ['begin_date', 'end_date'], strict: false }]
 * ```
 */
export function ruleTargets(category: AbnormalCategory, mode: ModeSpec): SlotRule[] {
  return (mode.rules ?? []).filter((r) => RULE_CATEGORY[r.kind] === category);
}

/** How many draws a rule's break may take before it is found impossible (the slots' ranges imply the rule). */
const BREAK_TRIES = 200;

/**
 * Breaks one rule of a valid query and nothing else: every slot keeps a value its own spec allows
 * (a whitelist value, a date in its window), a dependent slot keeps its parent's list, and every
 * other rule of the mode still holds. Undefined when that cannot be (two date windows that never
 * overlap cannot be put out of order without a date outside its window).
 *
 * @example
 * ```ts
 * breakRule(q, { kind: 'order', slots: ['begin_date', 'end_date'], strict: false }, mode, random, today, 0)
 * ```
 */
export function breakRule(
  q: Query,
  rule: SlotRule,
  mode: ModeSpec,
  random: () => number,
  today: Date,
  variant: number,
): Query | undefined {
  const spec = (key: string): SlotSpec => mode.slots.find((s) => s.key === key) as SlotSpec;
  const draw = (key: string): string => validValue(spec(key).value, random, Math.floor(random() * 1e6), today);
  const withValues = (values: Readonly<Record<string, string | undefined>>): Query => {
    let slot_list = q.slot_list.filter((s) => !(s.key in values) || values[s.key] !== undefined);
    slot_list = slot_list.map((s) => (values[s.key] === undefined ? s : { ...s, value: values[s.key] }));
    for (const [key, value] of Object.entries(values))
      if (value !== undefined && !slot_list.some((s) => s.key === key)) slot_list.push({ key, value });
    return { ...q, slot_list };
  };
  const keeps = (candidate: Query): boolean => {
    const slots = new Map(candidate.slot_list.map((s) => [s.key, String(s.value)]));
    const broken = (mode.rules ?? []).filter((r) => breach(r, slots) !== undefined);
    return broken.length === 1 && broken[0] === rule && dependenciesHold(mode, slots);
  };
  for (let i = 0; i < BREAK_TRIES; i++) {
    let candidate: Query;
    switch (rule.kind) {
      case 'order':
        candidate = withValues({ [rule.slots[0]]: draw(rule.slots[0]), [rule.slots[1]]: draw(rule.slots[1]) });
        break;
      case 'pairs': {
        const [a, b] = rule.slots;
        const [va, vb] = [spec(a).value, spec(b).value];
        // From the whitelists where there are some: a pair of real values that does not go together.
        const pick = (v: typeof va, key: string): string =>
          v.kind === 'enum' || v.kind === 'text'
            ? (v.values[(variant + Math.floor(random() * v.values.length)) % v.values.length] as string)
            : draw(key);
        candidate = withValues({ [a]: pick(va, a), [b]: pick(vb, b) });
        break;
      }
      case 'when': {
        const value = rule.in[(variant + i) % rule.in.length] as string;
        const required = rule.require[(variant + i) % Math.max(1, rule.require.length)];
        const forbidden = rule.forbid[(variant + i) % Math.max(1, rule.forbid.length)];
        // Drop a slot it requires, or else add one it forbids; the others as the rule wants them.
        const values: Record<string, string | undefined> = { [rule.slot]: value };
        for (const k of rule.require) values[k] = k === required ? undefined : draw(k);
        for (const k of rule.forbid) values[k] = required === undefined && k === forbidden ? draw(k) : undefined;
        candidate = withValues(values);
        break;
      }
    }
    if (keeps(candidate)) return candidate;
  }
  return undefined;
}

/** Whether every dependent slot's value is in its parent's list (a city of its own province). */
export function dependenciesHold(mode: ModeSpec, slots: ReadonlyMap<string, string>): boolean {
  return mode.slots.every((s) => {
    const v = s.value;
    if (v.kind !== 'enum' || !v.by || !v.dependsOn) return true;
    const [parent, child] = [slots.get(v.dependsOn), slots.get(s.key)];
    return parent === undefined || child === undefined || (v.by[parent] ?? []).includes(child);
  });
}
