import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { compilePattern } from './pattern.js';
import { type ModeSpec, type SlotSchema, type SlotSpec, type TypeSpec, VALUE_KINDS, type ValueSpec } from './schema.js';

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
      modeSpecs.push({ name: typeof m['name'] === 'string' ? m['name'] : `mode${j + 1}`, slots: slotSpecs });
    }
    out.push({
      type: type as number,
      name: typeof t['name'] === 'string' ? t['name'] : `type${String(type)}`,
      modes: modeSpecs,
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

async function readValue(s: Raw, path: Path, base: string, bad: Bad): Promise<ValueSpec | undefined> {
  const kind = s['kind'];
  const num = (name: string, fallback?: number): number | undefined => {
    const v = s[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad([...path, name], `"${name}" must be a number`);
    return v;
  };
  const range = (lo: number | undefined, hi: number | undefined, names = ['min', 'max']): boolean => {
    if (lo === undefined || hi === undefined) return false;
    if (lo > hi) return !bad([...path, names[0] as string], `${names[0]} (${lo}) > ${names[1]} (${hi})`);
    return true;
  };
  switch (kind) {
    case 'enum':
    case 'text': {
      const values = await listOf(s, path, base, bad);
      return values && { kind, values };
    }
    case 'int': {
      const [min, max] = [num('min'), num('max')];
      if (min !== undefined && !Number.isInteger(min)) bad([...path, 'min'], 'must be an integer');
      return range(min, max) ? { kind, min: min as number, max: max as number } : undefined;
    }
    case 'decimal': {
      const [min, max, digits] = [num('min'), num('max'), num('digits', 2)];
      return range(min, max) && digits !== undefined
        ? { kind, min: min as number, max: max as number, digits }
        : undefined;
    }
    case 'date': {
      const [from, to] = [num('from', 0), num('to', 0)];
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
  const list = values.map(String);
  if (new Set(list).size !== list.length) bad([...path, 'values'], 'the whitelist repeats a value');
  return list;
}
