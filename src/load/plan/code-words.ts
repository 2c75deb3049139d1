import type { Problem } from '../../core/errors/index.js';
import { type FieldSpec, longFlag } from '../fields/field.js';

/**
 * Where a plan written as code names its fields: a load file (`checkout.load.ts: `) or the
 * library's options (`options.`), with the file's text to find lines in.
 *
 * @example
 * ```ts
 * const code: CodeLayer = { prefix: 'checkout.load.ts: ', text: source }
 * ```
 */
export interface CodeLayer {
  readonly prefix: string;
  /** The file's source, to name the line of a field; absent for the library's options. */
  readonly text?: string;
  /** How a problem names it with a line: `checkout.load.ts`. */
  readonly shown?: string;
}

/**
 * Problems about a plan written as code, in its own words: a flag in a message becomes the field
 * a file or `run()` sets (`--max-inflight` → `maxInflight`, `--stage` → `stages`), and a load
 * file's field is named with its line (`checkout.load.ts:12 scenarios.search.weight`).
 *
 * @example
 * ```ts
 * inCodeWords([{ where: 'f.load.ts: connections', message: 'give --rate or --connections' }], [{ prefix: 'f.load.ts: ', text, shown: 'f.load.ts' }], fields)
 * // [{ where: 'f.load.ts:6 connections', message: 'give rate or connections' }]
 * ```
 */
export function inCodeWords(
  problems: readonly Problem[],
  layers: readonly CodeLayer[],
  fields: readonly FieldSpec[],
): Problem[] {
  const keyOf = new Map(fields.map((f) => [longFlag(f), f.key]));
  return problems.map((p) => {
    const layer = layers.find((l) => p.where.startsWith(l.prefix));
    if (!layer) return p;
    const message = p.message.replace(/--[a-z][a-z-]*/g, (flag) => keyOf.get(flag) ?? flag);
    if (layer.text === undefined || layer.shown === undefined) return { ...p, message };
    const path = p.where.slice(layer.prefix.length);
    const line = lineOf(layer.text, path);
    return { where: line ? `${layer.shown}:${line} ${path}` : p.where, message };
  });
}

/**
 * The line where a field path (`scenarios.shop.steps[1].think`) is written in a load file: each
 * name is looked for as an object key after the one before it (from `loadTest(` on), so the
 * deepest one found names the line. Undefined when not even the first is found (a field set by a
 * spread or a variable).
 *
 * @example
 * ```ts
 * lineOf("export default loadTest({\n  rate: 5,\n})", 'rate') // 2
 * ```
 */
export function lineOf(text: string, path: string): number | undefined {
  const names = path.match(/[A-Za-z_$][\w$-]*/g) ?? [];
  let at = Math.max(0, text.indexOf('loadTest('));
  let found: number | undefined;
  for (const name of names) {
    const escaped = name.replace(/[$-]/g, '\\$&');
    const re = new RegExp(`(^|[\\s{,])(['"]?)${escaped}\\2\\s*:`, 'gm');
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    at = m.index + m[0].length;
    found = m.index + (m[1]?.length ?? 0);
  }
  return found === undefined ? undefined : text.slice(0, found).split('\n').length;
}
