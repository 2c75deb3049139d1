import { randomUUID } from 'node:crypto';
import type { TestCase } from '../cases/index.js';
import { RequestFailure } from '../errors/index.js';

/**
 * What a template can insert for one request.
 *
 * @example
 * ```ts
 * template.render({ testCase, seq: 0 } satisfies TemplateContext)
 * ```
 */
export interface TemplateContext {
  /** The case for this request. */
  readonly testCase: TestCase;
  /** The request's sequence number in the schedule (0-based). */
  readonly seq: number;
}

type Part = string | ((ctx: TemplateContext) => string);

const PLACEHOLDERS: Readonly<Record<string, (ctx: TemplateContext) => string>> = {
  case: (c) => c.testCase.text,
  'case.json': (c) => c.testCase.json,
  'case.url': (c) => encodeURIComponent(c.testCase.text),
  group: (c) => c.testCase.group,
  seq: (c) => String(c.seq),
  uuid: () => randomUUID(),
  now: () => String(Date.now()),
};

/**
 * The placeholder names a template may use, for help text and errors.
 *
 * @example
 * ```ts
 * TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')
 * ```
 */
export const TEMPLATE_PLACEHOLDERS: readonly string[] = Object.keys(PLACEHOLDERS);

/**
 * A compiled template: the text split once into literal parts and placeholders, so rendering
 * per request is a join, not a parse.
 *
 * Placeholders: `{{case}}` the case as JSON text, `{{case.json}}` the case as a JSON-encoded
 * string (quotes included, as the widget protocol's `Query` field wants), `{{case.url}}` the
 * case URL-encoded, `{{case.<field.path>}}` one field of the case, `{{data.<feeder>.<field>}}` a
 * field of the row a load file's data feeder gave the request, `{{vars.<name>}}` a value an
 * earlier step of a user flow took from its answer, `{{group}}`, `{{seq}}`, `{{uuid}}`
 * (a random id), `{{now}}` (unix ms). A field that is text goes in as it is; any other value as JSON.
 *
 * @example
 * ```ts
 * const t = compileTemplate('{"Query": {{case.json}}, "n": {{seq}}}')
 * t.render({ testCase, seq: 7 }) // '{"Query": "{\"type\": 1}", "n": 7}'
 * ```
 */
export interface Template {
  readonly source: string;
  /** True if the template uses no placeholder, so one rendering serves every request. */
  readonly isStatic: boolean;
  render(ctx: TemplateContext): string;
}

/**
 * Compiles a template, throwing a `RangeError` that names an unknown placeholder (or data
 * feeder) and lists the known ones. `data`: the feeders `{{data.<feeder>.…}}` may name; `vars`:
 * whether `{{vars.…}}` may be used (a step of a user flow).
 *
 * @example
 * ```ts
 * compileTemplate('/quote?q={{case.url}}').isStatic // false
 * compileTemplate('/users/{{data.users.id}}', { data: ['users'] }).isStatic // false
 * ```
 */
export function compileTemplate(
  source: string,
  options: { readonly data?: readonly string[]; readonly vars?: boolean } = {},
): Template {
  const parts: Part[] = [];
  const re = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const name = m[1] as string;
    // Own names only: {{constructor}} or {{toString}} are not placeholders.
    const fill = Object.hasOwn(PLACEHOLDERS, name)
      ? PLACEHOLDERS[name]
      : fieldFill(name, options.data ?? [], options.vars ?? false);
    if (!fill) {
      const feeders = (options.data ?? []).map((d) => `{{data.${d}.<field>}}`);
      const vars = options.vars ? ['{{vars.<name>}}'] : [];
      throw new RangeError(
        `unknown placeholder {{${name}}}; known: ${[...TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`), '{{case.<field>}}', ...feeders, ...vars].join(' ')}`,
      );
    }
    if (m.index > last) parts.push(source.slice(last, m.index));
    parts.push(fill);
    last = re.lastIndex;
  }
  if (last < source.length) parts.push(source.slice(last));
  const isStatic = parts.every((p) => typeof p === 'string');
  return {
    source,
    isStatic,
    render: isStatic
      ? () => source
      : (ctx) => {
          let out = '';
          for (const p of parts) out += typeof p === 'string' ? p : p(ctx);
          return out;
        },
  };
}

/**
 * The fill of `{{case.<path>}}`, `{{data.<feeder>.<path>}}` or (in a flow's step) `{{vars.<path>}}`,
 * or undefined if the name is none of them (or names a feeder the plan does not have).
 */
function fieldFill(
  name: string,
  feeders: readonly string[],
  vars: boolean,
): ((ctx: TemplateContext) => string) | undefined {
  const [head, ...rest] = name.split('.');
  if (head === 'case' && rest.length > 0 && rest.every((k) => k !== ''))
    return (c) => fieldText(c.testCase.value, rest, `{{${name}}}`, `the case (${c.testCase.file}:${c.testCase.line})`);
  if (head === 'vars' && vars && rest.length > 0 && rest.every((k) => k !== ''))
    return (c) => fieldText(c.testCase.vars, rest, `{{${name}}}`, 'what the earlier steps took');
  const [feeder, ...path] = rest;
  if (
    head === 'data' &&
    feeder !== undefined &&
    feeders.includes(feeder) &&
    path.length > 0 &&
    path.every((k) => k !== '')
  )
    return (c) => fieldText(c.testCase.data?.[feeder], path, `{{${name}}}`, `the row of ${feeder}`);
  return undefined;
}

/** A field's value as text (JSON unless it is text); a missing one fails the request as `missing_field`. */
function fieldText(from: unknown, path: readonly string[], placeholder: string, what: string): string {
  let v: unknown = from;
  for (const key of path)
    v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  if (v === undefined) throw new RequestFailure('missing_field', `${placeholder}: ${what} has no ${path.join('.')}`);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
