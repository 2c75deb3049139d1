import type { ModeSpec, SlotRule, SlotSpec, ValueSpec } from './schema.js';

/**
 * A rule as messages and the abnormal cases' meta name it.
 *
 * @example
 * ```ts
 * ruleName({ kind: 'order', slots: ['begin_date', 'end_date'], strict: false }) // 'begin_date <= end_date'
 * ```
 */
export function ruleName(rule: SlotRule): string {
  switch (rule.kind) {
    case 'order':
      return `${rule.slots[0]} ${rule.strict ? '<' : '<='} ${rule.slots[1]}`;
    case 'pairs':
      return `(${rule.slots[0]}, ${rule.slots[1]}) in ${rule.allowed.length} allowed pairs`;
    case 'when':
      return `${rule.slot} in [${rule.in.join(', ')}] → ${[
        ...rule.require.map((s) => `${s} required`),
        ...rule.forbid.map((s) => `${s} absent`),
      ].join(', ')}`;
  }
}

/**
 * A slot's value as a number to order by: a date as its day (`2026-12-07` and `20261207` alike),
 * a number as itself; undefined for what is neither.
 */
export function orderValue(value: string): number | undefined {
  const date = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    return Number.isFinite(ms) ? ms / 86_400_000 : undefined;
  }
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/**
 * Why a query's slots break a rule, or undefined if they keep it (or it does not apply).
 *
 * @example
 * ```ts
 * breach(rule, new Map([['begin_date', '2026-12-09'], ['end_date', '2026-12-08']])) // 'begin_date 2026-12-09 after end_date 2026-12-08'
 * ```
 */
export function breach(rule: SlotRule, slots: ReadonlyMap<string, string>): string | undefined {
  switch (rule.kind) {
    case 'order': {
      const [a, b] = rule.slots;
      const [va, vb] = [slots.get(a), slots.get(b)];
      if (va === undefined || vb === undefined) return undefined;
      const [x, y] = [orderValue(va), orderValue(vb)];
      if (x === undefined || y === undefined) return undefined;
      if (rule.strict ? x < y : x <= y) return undefined;
      return `${a} ${va} ${x === y ? 'equal to' : 'after'} ${b} ${vb}`;
    }
    case 'pairs': {
      const [a, b] = rule.slots;
      const [va, vb] = [slots.get(a), slots.get(b)];
      if (va === undefined || vb === undefined) return undefined;
      return rule.allowed.some(([x, y]) => x === va && y === vb)
        ? undefined
        : `(${a}, ${b}) = (${va}, ${vb}) is not allowed`;
    }
    case 'when': {
      const v = slots.get(rule.slot);
      if (v === undefined || !rule.in.includes(v)) return undefined;
      const missing = rule.require.filter((s) => !slots.has(s));
      const present = rule.forbid.filter((s) => slots.has(s));
      if (missing.length === 0 && present.length === 0) return undefined;
      return `${rule.slot} ${v}: ${[...missing.map((s) => `${s} missing`), ...present.map((s) => `${s} present`)].join(', ')}`;
    }
  }
}

/**
 * The rules of a mode a query's slots break, with why.
 *
 * @example
 * ```ts
 * brokenRules(mode, slots) // [{ rule: 'begin_date <= end_date', why: 'begin_date 2026-12-09 after end_date 2026-12-08' }]
 * ```
 */
export function brokenRules(
  mode: ModeSpec,
  slots: ReadonlyMap<string, string>,
): { readonly rule: string; readonly why: string }[] {
  return (mode.rules ?? []).flatMap((rule) => {
    const why = breach(rule, slots);
    return why === undefined ? [] : [{ rule: ruleName(rule), why }];
  });
}

/**
 * Checks a mode's rules against its slots, each problem by the rule's index: a slot the mode does
 * not have, an order between slots that are not dates or numbers, an allowed value that is not in
 * the slot's whitelist, a required slot forbidden.
 */
export function ruleProblems(rule: SlotRule, mode: ModeSpec): string[] {
  const slot = (key: string): SlotSpec | undefined => mode.slots.find((s) => s.key === key);
  const keys = rule.kind === 'when' ? [rule.slot, ...rule.require, ...rule.forbid] : [...rule.slots];
  const unknown = keys.filter((k) => !slot(k));
  if (unknown.length > 0) return [`names no slot of the mode: ${unknown.join(', ')}`];
  const problems: string[] = [];
  const outside = (spec: ValueSpec, value: string): boolean =>
    (spec.kind === 'enum' || spec.kind === 'text') && !spec.values.includes(value);
  switch (rule.kind) {
    case 'order':
      for (const k of rule.slots) {
        const kind = slot(k)?.value.kind;
        if (kind !== 'date' && kind !== 'int' && kind !== 'decimal')
          problems.push(`"${k}" is of kind ${kind}: an order is between dates or numbers`);
      }
      if (rule.slots[0] === rule.slots[1]) problems.push('orders a slot against itself');
      break;
    case 'pairs':
      if (rule.allowed.length === 0) problems.push('"allowed" lists no pair');
      for (const [x, y] of rule.allowed) {
        if (outside(slot(rule.slots[0])!.value, x)) problems.push(`"${x}" is not a value of ${rule.slots[0]}`);
        if (outside(slot(rule.slots[1])!.value, y)) problems.push(`"${y}" is not a value of ${rule.slots[1]}`);
      }
      break;
    case 'when':
      for (const v of rule.in)
        if (outside(slot(rule.slot)!.value, v)) problems.push(`"${v}" is not a value of ${rule.slot}`);
      for (const k of rule.forbid) if (slot(k)?.required) problems.push(`forbids "${k}", which the mode requires`);
      if (rule.require.length + rule.forbid.length === 0) problems.push('neither requires nor forbids a slot');
      break;
  }
  return problems.slice(0, 5);
}
