import type { CaseFileReport } from '../casefile/check-cases.js';
import { brokenRules } from './rules.js';
import type { SlotSchema } from './schema.js';

/**
 * How much of a schema a case file covers.
 *
 * @example
 * ```ts
 * const c = coverage(schema, [report])
 * c.uncoveredModes // [] when every mode has a case
 * ```
 */
export interface Coverage {
  /** Cases per `type/mode`. */
  readonly byMode: Readonly<Record<string, number>>;
  readonly uncoveredModes: readonly string[];
  /** Per whitelisted slot (`type/mode/slot`): values used of all, and the first few never used. */
  readonly whitelists: readonly {
    readonly slot: string;
    readonly used: number;
    readonly total: number;
    readonly missing: readonly string[];
  }[];
  /** Cases that fit no mode of the schema (their line numbers, first few). */
  readonly unmatched: readonly string[];
  /** Cases that break a rule of their mode: the first few, by `file:line`, the rule and why. */
  readonly brokenRules: readonly { readonly where: string; readonly rule: string; readonly why: string }[];
  /** How many rule breaks in all, and by rule. */
  readonly ruleBreaks: number;
  readonly brokenByRule: Readonly<Record<string, number>>;
}

/** How many rule breaks a coverage lists by line: the rest are counted. */
const LISTED_BREAKS = 20;

/**
 * Matches each case of the reports to a mode of the schema (same type; every required slot
 * present; no slot the mode does not have), counts what is covered, and finds the cases that
 * break a rule of their mode.
 *
 * @example
 * ```ts
 * coverage(schema, [await checkCaseFile('normal.jsonl')]).whitelists
 * ```
 */
export function coverage(schema: SlotSchema, reports: readonly CaseFileReport[]): Coverage {
  const byMode: Record<string, number> = {};
  const used = new Map<string, Set<string>>();
  const unmatched: string[] = [];
  const brokenList: { where: string; rule: string; why: string }[] = [];
  const brokenByRule: Record<string, number> = {};
  let ruleBreaks = 0;
  for (const report of reports) {
    for (const c of report.values) {
      const type = schema.types.find((t) => t.type === c.type);
      const mode = type?.modes.find(
        (m) =>
          m.slots.every((s) => !s.required || c.slots.has(s.key)) &&
          [...c.slots.keys()].every((k) => m.slots.some((s) => s.key === k)),
      );
      if (!type || !mode) {
        if (unmatched.length < 5) unmatched.push(`${report.file}:${c.line}`);
        continue;
      }
      const name = `${type.type}/${mode.name}`;
      byMode[name] = (byMode[name] ?? 0) + 1;
      for (const b of brokenRules(mode, c.slots)) {
        ruleBreaks++;
        brokenByRule[b.rule] = (brokenByRule[b.rule] ?? 0) + 1;
        if (brokenList.length < LISTED_BREAKS) brokenList.push({ where: `${report.file}:${c.line}`, ...b });
      }
      for (const s of mode.slots) {
        const v = c.slots.get(s.key);
        if (s.value.kind !== 'enum' || v === undefined) continue;
        const key = `${name}/${s.key}`;
        const set = used.get(key) ?? new Set<string>();
        set.add(v);
        used.set(key, set);
      }
    }
  }
  const modes = schema.types.flatMap((t) => t.modes.map((m) => ({ t, m, name: `${t.type}/${m.name}` })));
  const whitelists = modes.flatMap(({ m, name }) =>
    m.slots.flatMap((s) => {
      if (s.value.kind !== 'enum') return [];
      const seen = used.get(`${name}/${s.key}`) ?? new Set<string>();
      const missing = s.value.values.filter((v) => !seen.has(v));
      return [
        {
          slot: `${name}/${s.key}`,
          used: s.value.values.length - missing.length,
          total: s.value.values.length,
          missing: missing.slice(0, 5),
        },
      ];
    }),
  );
  return {
    byMode,
    uncoveredModes: modes.filter(({ name }) => !byMode[name]).map(({ name }) => name),
    whitelists,
    unmatched,
    brokenRules: brokenList,
    ruleBreaks,
    brokenByRule,
  };
}
