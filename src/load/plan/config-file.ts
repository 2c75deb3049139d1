import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { longFlag, type PlanInput, UNKNOWN_FIELD } from '../fields/field.js';
import { planFields } from './plan-fields.js';

const camel = (key: string): string => key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Each spelling a config file may use → the field: the key, its kebab-case, the flag's name, the aliases. */
function spellings(): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of planFields()) {
    for (const s of [f.key, longFlag(f).replace(/^--/, ''), ...(f.aliases ?? [])]) map.set(camel(s), f.key);
  }
  return map;
}

/**
 * Reads a plan from a YAML or JSON config file (JSON is read as YAML, which it is). Each field
 * remembers its `file:line`, so later validation can point at it; relative paths (cases, out,
 * `@body` files) are resolved against the file's folder. Syntax errors are reported at once;
 * unknown keys are kept aside for the plan to report with every other problem.
 *
 * @example
 * ```ts
 * const input = await loadConfigFile('lptf.config.yaml')
 * input.rate // { value: 200, where: 'lptf.config.yaml:3 rate' }
 * ```
 */
export async function loadConfigFile(path: string): Promise<PlanInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InvalidInputError([
      {
        where: path,
        message: `cannot read the config file: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      },
    ]);
  }
  return parseConfig(text, path);
}

/**
 * Parses config text; `path` names it in problems and anchors relative paths.
 *
 * @example
 * ```ts
 * parseConfig('rate: 200\nduration: 30m\n', 'plan.yaml').duration?.where // 'plan.yaml:2 duration'
 * ```
 */
export function parseConfig(text: string, path: string): PlanInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: Problem[] = doc.errors.map((e) => ({
    where: `${path}:${lineCounter.linePos(e.pos[0]).line}`,
    message: `not valid YAML/JSON: ${e.message.split('\n')[0]}`,
  }));
  if (problems.length > 0) throw new InvalidInputError(problems);
  const input: Record<string, { value: unknown; where: string }> = {};
  if (doc.contents === null) return input;
  if (!isMap(doc.contents))
    throw new InvalidInputError([
      { where: `${path}:1`, message: 'the config must be a map of fields, e.g. "rate: 200"' },
    ]);
  const base = dirname(path);
  const known = spellings();
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const rawKey = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const line = isScalar(keyNode) && keyNode.range ? lineCounter.linePos(keyNode.range[0]).line : '?';
    const where = `${path}:${line} ${rawKey}`;
    const key = known.get(camel(rawKey));
    const value: unknown = isScalar(pair.value) || pair.value ? (pair.value as { toJSON(): unknown }).toJSON() : null;
    // Reported with the plan's other problems, all at once (resolvePlan).
    if (key === undefined) input[`${UNKNOWN_FIELD}${rawKey}`] = { value, where };
    else input[key] = { value: anchorPaths(key, value, base), where };
  }
  return input;
}

/**
 * A field's value with its relative paths (cases, out, a load file, a body's @file) made absolute from `base`, the
 * folder of the file that gave it.
 *
 * @example
 * ```ts
 * anchorPaths('out', 'results', '/plans') // '/plans/results'
 * ```
 */
export function anchorPaths(key: string, value: unknown, base: string): unknown {
  const at = (p: string): string => resolve(base, p);
  if ((key === 'out' || key === 'script') && typeof value === 'string') return at(value);
  if (key === 'body' && typeof value === 'string' && value.startsWith('@')) return `@${at(value.slice(1))}`;
  if (key !== 'cases') return value;
  if (typeof value === 'string') return [at(value)];
  if (Array.isArray(value)) {
    return value.map((v) => {
      if (typeof v !== 'string') return v;
      const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(v);
      return m ? `${m[1]}=${at(m[2] as string)}` : at(v);
    });
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([label, p]) =>
      typeof p === 'string' ? `${label}=${at(p)}` : p,
    );
  }
  return value;
}
