import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { compilePattern } from './pattern.js';
import { ruleProblems } from './rules.js';
import {
  type LocationSpec,
  type ModeSpec,
  type SlotRule,
  type SlotSchema,
  type SlotSpec,
  type TypeSpec,
  VALUE_KINDS,
  type ValueSpec,
} from './schema.js';

type Raw = Record<string, unknown>;
type Path = (string | number)[];

/**
 * Reads and validates a slot schema (YAML or JSON). Every problem (an unknown value kind, an
 * empty whitelist, a range with min > max, a missing whitelist file, …) is reported at once as
 * `file:line path: reason`. Whitelist and text files are read relative to the schema, one
 * value per line.
 *
 * @example
 * ```ts
 * const schema = await loadSchema('examples/schemas/weather.yaml')
 * ```
 */
export async function loadSchema(file: string): Promise<SlotSchema> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError([
      {
        where: file,
        message: `cannot read the schema: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
    ]);
  }
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InvalidInputError(
      doc.errors.map((e) => ({
        where: `${file}:${lineCounter.linePos(e.pos[0]).line}`,
        message: `not valid YAML/JSON: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const problems: Problem[] = [];
  const at = (path: Path): string => {
    const node = doc.getIn(path, true) as { range?: [number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : '?';
    return `${file}:${line} ${path.join('.')}`;
  };
  const bad = (path: Path, message: string): undefined => void problems.push({ where: at(path), message });
  const schema = await readTypes(doc.toJS() as unknown, dirname(file), bad);
  if (problems.length > 0 || !schema)
    throw new InvalidInputError(problems.length ? problems : [{ where: file, message: 'not a schema' }]);
  return schema;
}

type Bad = (path: Path, message: string) => undefined;

async function readTypes(raw: unknown, base: string, bad: Bad): Promise<SlotSchema | undefined> {
  const types = (raw as Raw | null)?.['types'];
  if (!Array.isArray(types) || types.length === 0) return bad(['types'], 'a schema needs a non-empty list "types"');
  const seen = new Set<number>();
  const out: TypeSpec[] = [];
  for (const [i, t] of (types as Raw[]).entries()) {
    const type = t?.['type'];
    if (typeof type !== 'number' || !Number.isInteger(type)) bad(['types', i, 'type'], 'must be an integer type id');
    else if (seen.has(type)) bad(['types', i, 'type'], `type ${type} appears twice`);
    else seen.add(type);
    const modes = t?.['modes'];
    if (!Array.isArray(modes) || modes.length === 0) {
      bad(['types', i, 'modes'], 'a type needs a non-empty list "modes"');
      continue;
    }
    const modeSpecs: ModeSpec[] = [];
    for (const [j, m] of (modes as Raw[]).entries()) {
      const slots = m?.['slots'];
      if (!Array.isArray(slots) || slots.length === 0) {
        bad(['types', i, 'modes', j, 'slots'], 'a mode needs a non-empty list "slots"');
        continue;
      }
      const slotSpecs: SlotSpec[] = [];
      for (const [k, s] of (slots as Raw[]).entries()) {
        const spec = await readSlot(s, ['types', i, 'modes', j, 'slots', k], base, bad);
        if (spec) slotSpecs.push(spec);
      }
      const keys = slotSpecs.map((s) => s.key);
      if (new Set(keys).size !== keys.length) bad(['types', i, 'modes', j, 'slots'], 'a slot key appears twice');
      const mode: ModeSpec = { name: typeof m['name'] === 'string' ? m['name'] : `mode${j + 1}`, slots: slotSpecs };
      const rules = m['rules'] === undefined ? [] : readRules(m['rules'], mode, ['types', i, 'modes', j, 'rules'], bad);
      modeSpecs.push(rules.length > 0 ? { ...mode, rules } : mode);
    }
    for (const [j, mode] of modeSpecs.entries()) checkDependencies(mode, ['types', i, 'modes', j, 'slots'], bad);
    const location =
      t['location'] === undefined ? undefined : readLocation(t['location'] as Raw, ['types', i, 'location'], bad);
    out.push({
      type: type as number,
      name: typeof t['name'] === 'string' ? t['name'] : `type${String(type)}`,
      modes: modeSpecs,
      ...(location ? { location } : {}),
    });
  }
  return { types: out };
}

async function readSlot(s: Raw, path: Path, base: string, bad: Bad): Promise<SlotSpec | undefined> {
  const key = s?.['key'];
  if (typeof key !== 'string' || key === '') return bad([...path, 'key'], 'a slot needs a "key"');
  const required = s['required'] === undefined ? true : s['required'] === true;
  const value = await readValue(s, path, base, bad);
  return value ? { key, required, value } : undefined;
}

/** Integers beyond this lose digits as numbers. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Decimal places a decimal slot may ask for. */
const MAX_DIGITS = 10;
/** Days before or after today a date slot may reach: 100 years. */
const MAX_DAYS = 36_500;
/** Values a whitelist may hold, and how long each may be. */
const MAX_WHITELIST = 1_000_000;
const MAX_VALUE_LENGTH = 10_000;

async function readValue(s: Raw, path: Path, base: string, bad: Bad): Promise<ValueSpec | undefined> {
  const kind = s['kind'];
  const num = (name: string, fallback?: number): number | undefined => {
    const v = s[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad([...path, name], `"${name}" must be a number`);
    return v;
  };
  // A number within ±bound (an integer if asked): what the generator can write as the seed's text.
  const within = (name: string, bound: number, integer = false, fallback?: number): number | undefined => {
    const v = num(name, fallback);
    if (v === undefined) return undefined;
    if (integer && !Number.isInteger(v)) return bad([...path, name], 'must be an integer');
    if (Math.abs(v) > bound) return bad([...path, name], `must be within ±${bound}`);
    return v;
  };
  const range = (lo: number | undefined, hi: number | undefined, names = ['min', 'max']): boolean => {
    if (lo === undefined || hi === undefined) return false;
    if (lo > hi) return !bad([...path, names[0] as string], `${names[0]} (${lo}) > ${names[1]} (${hi})`);
    return true;
  };
  switch (kind) {
    case 'enum':
      return s['depends_on'] === undefined
        ? listSpec('enum', await listOf(s, path, base, bad))
        : dependentEnum(s, path, base, bad);
    case 'text':
      return listSpec('text', await listOf(s, path, base, bad));
    case 'int': {
      const [min, max] = [within('min', MAX_SAFE, true), within('max', MAX_SAFE, true)];
      return range(min, max) ? { kind, min: min as number, max: max as number } : undefined;
    }
    case 'decimal': {
      // Beyond 1e15 a decimal prints in exponent form (1e+21), and toFixed takes at most 100 digits.
      const [min, max, digits] = [within('min', 1e15), within('max', 1e15), within('digits', MAX_DIGITS, true, 2)];
      if (digits !== undefined && digits < 0) bad([...path, 'digits'], 'must be 0 or more');
      return range(min, max) && digits !== undefined && digits >= 0
        ? { kind, min: min as number, max: max as number, digits }
        : undefined;
    }
    case 'date': {
      const [from, to] = [within('from', MAX_DAYS, true, 0), within('to', MAX_DAYS, true, 0)];
      const format = s['format'] ?? 'YYYY-MM-DD';
      if (format !== 'YYYY-MM-DD' && format !== 'YYYYMMDD')
        return bad([...path, 'format'], 'must be YYYY-MM-DD or YYYYMMDD');
      return range(from, to, ['from', 'to']) ? { kind, from: from as number, to: to as number, format } : undefined;
    }
    case 'pattern': {
      const pattern = s['pattern'];
      if (typeof pattern !== 'string' || pattern === '')
        return bad([...path, 'pattern'], 'a pattern slot needs "pattern"');
      try {
        compilePattern(pattern);
      } catch (err) {
        return bad([...path, 'pattern'], (err as Error).message);
      }
      return { kind, pattern };
    }
    default:
      return bad([...path, 'kind'], `unknown value kind "${String(kind)}"; known: ${VALUE_KINDS.join(', ')}`);
  }
}

function listSpec(kind: 'enum' | 'text', values: string[] | undefined): ValueSpec | undefined {
  return values && { kind, values };
}

/**
 * An enum whose list depends on another slot's value: `depends_on: province` and `by`, a map from
 * each value of that slot to this one's (inline, or a YAML/JSON `file` of that map).
 */
async function dependentEnum(s: Raw, path: Path, base: string, bad: Bad): Promise<ValueSpec | undefined> {
  const dependsOn = s['depends_on'];
  if (typeof dependsOn !== 'string' || dependsOn === '')
    return bad([...path, 'depends_on'], 'must name another slot of the mode');
  let by: unknown = s['by'];
  if (typeof s['file'] === 'string') {
    try {
      const { parse } = await import('yaml');
      by = parse(await readFile(resolve(base, s['file']), 'utf8')) as unknown;
    } catch (err) {
      return bad(
        [...path, 'file'],
        `cannot read "${s['file']}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  const where = [...path, typeof s['file'] === 'string' ? 'file' : 'by'];
  if (by === null || typeof by !== 'object' || Array.isArray(by) || Object.keys(by).length === 0) {
    return bad(
      where,
      `a slot that depends on "${dependsOn}" needs "by" (or a "file"): a map from each of its values to a list`,
    );
  }
  const map: Record<string, string[]> = {};
  for (const [parent, list] of Object.entries(by as Record<string, unknown>)) {
    if (!Array.isArray(list) || list.length === 0) return bad(where, `"${parent}" must map to a non-empty list`);
    map[parent] = list.map(String);
  }
  const values = [...new Set(Object.values(map).flat())];
  return { kind: 'enum', values, dependsOn, by: map };
}

/** Each dependent slot's parent is an enum slot of the same mode, and every key of `by` is one of its values. */
function checkDependencies(mode: ModeSpec, path: Path, bad: Bad): void {
  for (const [k, slot] of mode.slots.entries()) {
    const v = slot.value;
    if (v.kind !== 'enum' || !v.dependsOn || !v.by) continue;
    const parent = mode.slots.find((p) => p.key === v.dependsOn);
    if (parent?.value.kind !== 'enum') {
      bad([...path, k, 'depends_on'], `"${v.dependsOn}" is no enum slot of this mode`);
      continue;
    }
    const known = new Set(parent.value.values);
    const foreign = Object.keys(v.by).filter((key) => !known.has(key));
    if (foreign.length > 0)
      bad([...path, k, 'by'], `not values of "${v.dependsOn}": ${foreign.slice(0, 5).join(', ')}`);
    const orphans = parent.value.values.filter((p) => !(p in (v.by as object)));
    if (orphans.length > 0)
      bad([...path, k, 'by'], `no ${slot.key} for these values of "${v.dependsOn}": ${orphans.slice(0, 5).join(', ')}`);
  }
}

/** The most rules a mode may have: each is checked on every case generated and checked. */
const MAX_RULES = 100;

/**
 * A mode's `rules`, each one of `{ order: [a, b], strict? }`, `{ pairs: [a, b], allowed: [[x, y], …] }`
 * or `{ when: { slot, in: [values] }, require?: [slots], forbid?: [slots] }`, checked against the
 * mode's slots (see `ruleProblems`).
 */
function readRules(raw: unknown, mode: ModeSpec, path: Path, bad: Bad): SlotRule[] {
  if (!Array.isArray(raw)) return bad(path, 'must be a list of rules') ?? [];
  if (raw.length > MAX_RULES) return bad(path, `more than ${MAX_RULES} rules`) ?? [];
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.map(String) : undefined;
  const rules: SlotRule[] = [];
  for (const [k, r] of (raw as Raw[]).entries()) {
    const at = [...path, k];
    let rule: SlotRule | undefined;
    const keys = Object.keys(r ?? {});
    if (r && 'order' in r) {
      const slots = strings(r['order']);
      const extra = keys.filter((x) => x !== 'order' && x !== 'strict');
      if (slots?.length !== 2) bad([...at, 'order'], 'must name two slots: [first, second], first <= second');
      else if (extra.length > 0) bad(at, `an order rule has no ${extra.join(', ')}`);
      else rule = { kind: 'order', slots: [slots[0] as string, slots[1] as string], strict: r['strict'] === true };
    } else if (r && 'pairs' in r) {
      const slots = strings(r['pairs']);
      const allowed = Array.isArray(r['allowed']) ? (r['allowed'] as unknown[]).map(strings) : undefined;
      if (slots?.length !== 2) bad([...at, 'pairs'], 'must name two slots: [a, b]');
      else if (!allowed || allowed.some((p) => p?.length !== 2))
        bad([...at, 'allowed'], 'must list the allowed pairs of values: [[a1, b1], [a2, b2], …]');
      else
        rule = {
          kind: 'pairs',
          slots: [slots[0] as string, slots[1] as string],
          allowed: (allowed as string[][]).map((p) => [p[0] as string, p[1] as string] as const),
        };
    } else if (r && 'when' in r) {
      const when = r['when'] as Raw | undefined;
      const values = strings(when?.['in']);
      const require = r['require'] === undefined ? [] : strings(r['require']);
      const forbid = r['forbid'] === undefined ? [] : strings(r['forbid']);
      if (typeof when?.['slot'] !== 'string' || !values || values.length === 0)
        bad([...at, 'when'], 'must be { slot: <slot>, in: [values] }');
      else if (!require || !forbid) bad(at, '"require" and "forbid" are lists of slots');
      else rule = { kind: 'when', slot: when['slot'], in: values, require, forbid };
    } else
      bad(at, 'a rule is { order: [a, b] }, { pairs: [a, b], allowed: […] } or { when: {…}, require/forbid: […] }');
    if (!rule) continue;
    const problems = ruleProblems(rule, mode);
    for (const p of problems) bad(at, p);
    if (problems.length === 0) rules.push(rule);
  }
  return rules;
}

/** `location: { share: 0.3, box: [west, south, east, north] }`, in degrees. */
function readLocation(raw: Raw, path: Path, bad: Bad): LocationSpec | undefined {
  const share = raw?.['share'];
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    return bad([...path, 'share'], 'must be a fraction from 0 to 1');
  const box = raw['box'];
  if (!Array.isArray(box) || box.length !== 4 || !box.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return bad([...path, 'box'], 'must be [west, south, east, north] in degrees, e.g. [73.5, 18, 135, 53.5]');
  }
  const [west, south, east, north] = box as [number, number, number, number];
  if (!(west >= -180 && east <= 180 && west < east && south >= -90 && north <= 90 && south < north)) {
    return bad([...path, 'box'], 'must be west < east within ±180 and south < north within ±90');
  }
  return { share, box: { west, south, east, north } };
}

/** A whitelist: inline `values`, or `file` (one value per line, relative to the schema). */
async function listOf(s: Raw, path: Path, base: string, bad: Bad): Promise<string[] | undefined> {
  let values: unknown = s['values'];
  if (typeof s['file'] === 'string') {
    try {
      values = (await readFile(resolve(base, s['file']), 'utf8'))
        .split(/\r?\n/)
        .map((v) => v.trim())
        .filter((v) => v !== '');
    } catch (err) {
      return bad(
        [...path, 'file'],
        `cannot read "${s['file']}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  if (!Array.isArray(values)) return bad([...path, 'values'], `an ${String(s['kind'])} slot needs "values" or "file"`);
  if (values.length === 0)
    return bad([...path, typeof s['file'] === 'string' ? 'file' : 'values'], 'the whitelist is empty');
  if (values.length > MAX_WHITELIST) return bad([...path, 'values'], `more than ${MAX_WHITELIST} values`);
  const list = values.map(String);
  if (list.some((v) => v.length > MAX_VALUE_LENGTH))
    return bad([...path, 'values'], `a value is longer than ${MAX_VALUE_LENGTH} characters`);
  if (new Set(list).size !== list.length) bad([...path, 'values'], 'the whitelist repeats a value');
  return list;
}
