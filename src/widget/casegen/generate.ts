import { seededRandom } from '../../core/cases/random.js';
import { seedLine } from '../casefile/seed-line.js';
import {
  ABNORMAL_CATEGORIES,
  type AbnormalCategory,
  breakQuery,
  breakRule,
  dependenciesHold,
  type Query,
  ruleTargets,
  targets,
} from './abnormal.js';
import { breach, ruleName } from './rules.js';
import type { ModeSpec, SlotRule, SlotSchema, SlotSpec, TypeSpec } from './schema.js';
import { validValue } from './values.js';

/**
 * The seed's cap on self-test cases.
 *
 * @example
 * ```ts
 * generateCases(schema, { count: MAX_CASES, abnormalShare: 0.1, seed: 1, today: new Date() })
 * ```
 */
export const MAX_CASES = 3000;

/**
 * Options of {@link generateCases}.
 *
 * @example
 * ```ts
 * const o: GenerateOptions = { count: 3000, abnormalShare: 0.1, seed: 1, today: new Date('2026-11-22') }
 * ```
 */
export interface GenerateOptions {
  /** All cases, normal and abnormal (at most {@link MAX_CASES}). */
  readonly count: number;
  /** The share of abnormal cases, 0..1. */
  readonly abnormalShare: number;
  readonly seed: number;
  /** "Today", for dates relative to it; fix it to reproduce a file on another day. */
  readonly today: Date;
}

/**
 * An abnormal case and what makes it abnormal.
 *
 * @example
 * ```ts
 * const a: AbnormalCase = { line: '{"type": 901, "slot_list": []}', category: 'unknown_type', type: 1, mode: 'quote' }
 * ```
 */
export interface AbnormalCase {
  readonly line: string;
  readonly category: AbnormalCategory;
  readonly type: number;
  readonly mode: string;
  readonly slot?: string;
  /** The rule it breaks, for the rule categories (`begin_date <= end_date`). */
  readonly rule?: string;
}

/**
 * What was generated, with counts per type, mode and category.
 *
 * @example
 * ```ts
 * const g = generateCases(schema, { count: 3000, abnormalShare: 0.1, seed: 1, today: new Date() })
 * g.normal.length + g.abnormal.length // 3000 (fewer only if the schema cannot give that many distinct cases)
 * ```
 */
export interface Generated {
  readonly normal: readonly string[];
  readonly abnormal: readonly AbnormalCase[];
  readonly byMode: Readonly<Record<string, number>>;
  readonly byCategory: Readonly<Record<string, number>>;
}

interface ModeRef {
  readonly type: TypeSpec;
  readonly mode: ModeSpec;
}

/**
 * Generates self-test cases from a slot schema, in the seed's line format. Normal cases cover
 * every type and mode, use every whitelist value at least once when the count allows (modes
 * with bigger whitelists get more cases), vary every other value, and are all distinct.
 * Abnormal cases take turns over every category that applies to the schema, each a valid
 * query of some mode broken one way. The same options give the same cases.
 *
 * @example
 * ```ts
 * const { normal, abnormal } = generateCases(schema, { count: 333, abnormalShare: 0.1, seed: 7, today: new Date() })
 * ```
 */
export function generateCases(schema: SlotSchema, options: GenerateOptions): Generated {
  if (!(options.count >= 1 && options.count <= MAX_CASES))
    throw new RangeError(`count must be 1..${MAX_CASES}, got ${options.count}`);
  if (!(options.abnormalShare >= 0 && options.abnormalShare <= 1))
    throw new RangeError(`abnormal share must be 0..1, got ${options.abnormalShare}`);
  const random = seededRandom(options.seed);
  const modes: ModeRef[] = schema.types.flatMap((type) => type.modes.map((mode) => ({ type, mode })));
  const abnormalCount = Math.round(options.count * options.abnormalShare);
  const seen = new Set<string>();
  const byMode: Record<string, number> = {};
  const normal: string[] = [];
  const allocation = allocate(modes, options.count - abnormalCount);
  modes.forEach((ref, m) => {
    const name = `${ref.type.type}/${ref.mode.name}`;
    const target = allocation[m] as number;
    // A few extra tries per case: random values may repeat a case already made.
    for (let i = 0, tries = 0; byMode[name] !== target && tries < target * 20; tries++) {
      const query = validQuery(ref, random, i, options.today);
      if (!query) continue;
      // Distinct by what a service's cache would key on: the type and the slots, not where the user is.
      const key = JSON.stringify([query.type, query.slot_list]);
      if (seen.has(key)) continue;
      seen.add(key);
      normal.push(seedLine(query));
      byMode[name] = (byMode[name] ?? 0) + 1;
      i++;
    }
  });
  const abnormal = makeAbnormal(schema, modes, abnormalCount, random, options.today, seen);
  const byCategory: Record<string, number> = {};
  for (const a of abnormal) byCategory[a.category] = (byCategory[a.category] ?? 0) + 1;
  return { normal, abnormal, byMode, byCategory };
}

/**
 * Splits `total` over the modes: each gets what its biggest whitelist needs when it fits, the rest
 * evenly; no mode gets more than the distinct queries it has (see {@link capacity}), and what one
 * cannot take goes to the others. Fewer than `total` only when the schema has no more.
 */
function allocate(modes: readonly ModeRef[], total: number): number[] {
  const share = evenShares(modes, total);
  const room = modes.map(({ mode }) => capacity(mode));
  let left = 0;
  share.forEach((n, i) => {
    const cap = room[i] as number;
    if (n > cap) {
      left += n - cap;
      share[i] = cap;
    }
  });
  for (let i = 0, stuck = 0; left > 0 && stuck < modes.length; i = (i + 1) % modes.length) {
    if ((share[i] as number) < (room[i] as number)) {
      share[i] = (share[i] as number) + 1;
      left--;
      stuck = 0;
    } else stuck++;
  }
  return share;
}

/**
 * How many distinct queries a mode has: the product of its slots' choices (a dependent slot and
 * its parent count once, as their pairs; an optional slot may also be absent). Unbounded kinds
 * (patterns, decimals) count as plenty.
 */
function capacity(mode: ModeSpec): number {
  const parents = new Set(
    mode.slots.flatMap((s) => (s.value.kind === 'enum' && s.value.dependsOn ? [s.value.dependsOn] : [])),
  );
  let n = 1;
  for (const s of mode.slots) {
    if (parents.has(s.key)) continue;
    const v = s.value;
    const choices =
      v.kind === 'enum'
        ? v.by
          ? Object.values(v.by).reduce((k, list) => k + list.length, 0)
          : v.values.length
        : v.kind === 'text'
          ? v.values.length
          : v.kind === 'int'
            ? v.max - v.min + 1
            : v.kind === 'date'
              ? v.to - v.from + 1
              : Number.POSITIVE_INFINITY;
    n *= choices + (s.required ? 0 : 1);
  }
  return n;
}

/** Splits `total` over the modes: each gets what its biggest whitelist needs when it fits, the rest evenly. */
function evenShares(modes: readonly ModeRef[], total: number): number[] {
  const need = modes.map(({ mode }) =>
    Math.max(1, ...mode.slots.map((s) => (s.value.kind === 'enum' ? s.value.values.length : 1))),
  );
  const sum = need.reduce((a, b) => a + b, 0);
  if (sum >= total) {
    const share = need.map((n) => Math.max(total >= modes.length ? 1 : 0, Math.floor((n * total) / sum)));
    for (let i = 0, left = total - share.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % modes.length, left--)
      share[i]!++;
    return share;
  }
  const share = [...need];
  for (let i = 0, left = total - sum; left > 0; i = (i + 1) % modes.length, left--) share[i]!++;
  return share;
}

/** Draws of one normal query before its mode's rules are found too tight for this index. */
const RULE_TRIES = 50;

/**
 * A normal query of a mode: every slot valid, dependent slots with their parent's values, and
 * every rule between slots kept (an allowed pair drawn as a pair, a condition's slots added or
 * left out, an order drawn again until it holds). Undefined when the rules could not be kept in
 * {@link RULE_TRIES} draws.
 */
function validQuery(ref: ModeRef, random: () => number, index: number, today: Date): Query | undefined {
  for (let i = 0; i < RULE_TRIES; i++) {
    const query = drawQuery(ref, random, index, today);
    const slots = new Map(query.slot_list.map((s) => [s.key, String(s.value)]));
    if ((ref.mode.rules ?? []).every((r) => breach(r, slots) === undefined) && dependenciesHold(ref.mode, slots))
      return query;
  }
  return undefined;
}

function drawQuery({ type, mode }: ModeRef, random: () => number, index: number, today: Date): Query {
  const paired = pairedValues(mode, index);
  const slots = new Map(
    mode.slots
      // Optional slots appear in most cases, not all: both forms are normal queries.
      .filter((s) => s.required || random() < 0.75)
      .map((s) => [s.key, paired.get(s.key) ?? validValue(s.value, random, index, today)] as const),
  );
  for (const rule of mode.rules ?? []) keepRule(rule, mode, slots, random, index, today);
  // In the mode's slot order, whatever the rules added.
  const slot_list = mode.slots.flatMap((s) => {
    const value = slots.get(s.key);
    return value === undefined ? [] : [{ key: s.key, value }];
  });
  const where = type.location;
  if (!where || !(random() < where.share)) return { type: type.type, slot_list };
  // A user who granted their location: a point in the box, to the metre.
  const { west, south, east, north } = where.box;
  const at = (lo: number, hi: number): number => Number((lo + random() * (hi - lo)).toFixed(6));
  return { type: type.type, slot_list, longitude: at(west, east), latitude: at(south, north) };
}

/**
 * Makes a drawn query keep a rule where a draw alone would rarely do: an allowed pair is taken as
 * a pair (in turn, by `index`); a condition's required slots are added and its forbidden ones left
 * out. An order is left to {@link validQuery}'s draws.
 */
function keepRule(
  rule: SlotRule,
  mode: ModeSpec,
  slots: Map<string, string>,
  random: () => number,
  index: number,
  today: Date,
): void {
  if (rule.kind === 'pairs') {
    const [a, b] = rule.slots;
    if (!slots.has(a) || !slots.has(b)) return;
    const [x, y] = rule.allowed[
      (index + Math.floor(random() * rule.allowed.length)) % rule.allowed.length
    ] as readonly [string, string];
    slots.set(a, x);
    slots.set(b, y);
  } else if (rule.kind === 'when') {
    const v = slots.get(rule.slot);
    if (v === undefined || !rule.in.includes(v)) return;
    for (const k of rule.forbid) slots.delete(k);
    for (const k of rule.require) {
      const spec = mode.slots.find((s) => s.key === k);
      if (spec && !slots.has(k)) slots.set(k, validValue(spec.value, random, index, today));
    }
  }
}

/**
 * The values of dependent slots and their parents, drawn together: the `index`-th of every
 * (parent, child) pair, so a city always comes with its own province and, over enough cases,
 * every pair is used once before any repeats.
 */
function pairedValues(mode: ModeSpec, index: number): Map<string, string> {
  const paired = new Map<string, string>();
  for (const slot of mode.slots) {
    const v = slot.value;
    if (v.kind !== 'enum' || !v.by || !v.dependsOn) continue;
    const pairs = Object.entries(v.by).flatMap(([parent, list]) => list.map((child) => [parent, child] as const));
    const [parent, child] = pairs[index % pairs.length] as readonly [string, string];
    paired.set(v.dependsOn, parent);
    paired.set(slot.key, child);
  }
  return paired;
}

function makeAbnormal(
  schema: SlotSchema,
  modes: readonly ModeRef[],
  count: number,
  random: () => number,
  today: Date,
  seen: Set<string>,
): AbnormalCase[] {
  const knownTypes = schema.types.map((t) => t.type);
  // Every (category, mode, slot or rule) that applies; categories take turns, targets within them too.
  const plans = ABNORMAL_CATEGORIES.map((category) => ({
    category,
    targets: modes.flatMap((ref) => [
      ...targets(category, ref.mode).map((slot) => ({ ref, slot, rule: undefined })),
      ...ruleTargets(category, ref.mode).map((rule) => ({ ref, slot: undefined, rule })),
    ]),
  })).filter((p) => p.targets.length > 0);
  const out: AbnormalCase[] = [];
  const variants = new Map<string, number>();
  for (let turn = 0, tries = 0; out.length < count && tries < count * 20; turn++, tries++) {
    const plan = plans[turn % plans.length]!;
    const round = Math.floor(turn / plans.length);
    const { ref, slot, rule } = plan.targets[round % plan.targets.length]!;
    const key = `${plan.category}/${ref.type.type}/${ref.mode.name}/${slot?.key ?? (rule ? ruleName(rule) : '')}`;
    const variant = variants.get(key) ?? 0;
    variants.set(key, variant + 1);
    const valid = validQuery(ref, random, Math.floor(random() * 1e6), today);
    if (!valid) continue;
    const broken = rule
      ? breakRule(valid, rule, ref.mode, random, today, variant)
      : breakQuery(withSlot(valid, slot, random, today), plan.category, slot, variant, today, knownTypes);
    if (!broken) continue;
    const line = seedLine(broken);
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({
      line,
      category: plan.category,
      type: ref.type.type,
      mode: ref.mode.name,
      ...(slot ? { slot: slot.key } : {}),
      ...(rule ? { rule: ruleName(rule) } : {}),
    });
  }
  return out;
}

/** Makes sure the slot to break is in the query (an optional slot may have been left out). */
function withSlot(q: Query, slot: SlotSpec | undefined, random: () => number, today: Date): Query {
  if (!slot || q.slot_list.some((s) => s.key === slot.key)) return q;
  return {
    ...q,
    slot_list: [
      ...q.slot_list,
      { key: slot.key, value: validValue(slot.value, random, Math.floor(random() * 1e6), today) },
    ],
  };
}
