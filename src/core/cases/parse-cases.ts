import type { Problem } from '../errors/index.js';
import { type FileLine, MAX_LINE_BYTES } from './read-lines.js';
import type { TestCase } from './test-case.js';

/**
 * What parsing one case file found: its cases, and every problem with its line.
 *
 * @example
 * ```ts
 * const { cases, problems }: ParsedCases = parseCases(text, 'normal', 'normal.jsonl')
 * ```
 */
export interface ParsedCases {
  readonly cases: TestCase[];
  readonly problems: Problem[];
}

/**
 * Parses one line of a case file: a JSON object, or the reason it is not one. The one place
 * that decides what a case line is, for `lptf run` and `lptf cases check` alike. `cutOff` says
 * the line is a file's last and has no line end, so a parse error is most likely truncation.
 *
 * @example
 * ```ts
 * parseCaseLine('{"type": 1}') // { value: { type: 1 } }
 * parseCaseLine('[1]') // { problem: 'a case must be a JSON object, got an array' }
 * ```
 */
export function parseCaseLine(text: string, cutOff = false): { value: Record<string, unknown> } | { problem: string } {
  if (text.length > MAX_LINE_BYTES) return { problem: `longer than ${MAX_LINE_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      problem: cutOff ? 'not valid JSON: the last line looks cut off' : `not valid JSON (${(err as Error).message})`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { problem: `a case must be a JSON object, got ${kind}` };
  }
  const depth = nestingDepth(value);
  if (depth > MAX_CASE_DEPTH) return { problem: `nested ${depth} levels deep; at most ${MAX_CASE_DEPTH}` };
  return { value: value as Record<string, unknown> };
}

/**
 * How deeply a case may nest objects and arrays: 64 levels. Deeper values would overflow the
 * stack of code that walks them (templates, protocol checks, `JSON.stringify`); no request needs it.
 */
export const MAX_CASE_DEPTH = 64;

/**
 * The most cases one run loads, over all files: 1,000,000 (the self-test form asks for at most
 * 3,000). A case costs about 1 kB of memory as parsed, so this bounds a run's cases near 1 GB.
 */
export const MAX_CASES = 1_000_000;

/** The most problems reported per file: past them, one line says how many more there were. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** The nesting depth of a JSON value, walked without recursion (a hostile depth cannot overflow it). */
function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_CASE_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * Collects the cases and problems of a file's lines, as {@link readLines} gives them (or as
 * {@link parseCases} splits a text): blank lines are skipped, a line of invalid UTF-8 is a
 * problem (its bytes would be sent mangled), and an empty file is a problem.
 *
 * @example
 * ```ts
 * const parsed = collectCases([{ line: 1, text: '{"a": 1}', utf8: true, terminated: true }], 'normal', 'n.jsonl')
 * ```
 */
export function collectCases(lines: Iterable<FileLine>, group: string, file: string): ParsedCases {
  const cases: TestCase[] = [];
  const problems: Problem[] = [];
  let more = 0;
  const problem = (where: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS_PER_FILE) problems.push({ where, message });
    else more++;
  };
  for (const l of lines) {
    const where = `${file}:${l.line}`;
    if (l.tooLong) {
      problem(where, `longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    const text = l.text.trim();
    if (text === '') continue;
    if (!l.utf8) {
      problem(where, 'not valid UTF-8');
      continue;
    }
    const parsed = parseCaseLine(text, !l.terminated);
    if ('problem' in parsed) problem(where, parsed.problem);
    else cases.push({ group, text, json: JSON.stringify(text), file, line: l.line, value: parsed.value });
  }
  if (more > 0) problems.push({ where: file, message: `and ${more} more bad line(s)` });
  if (cases.length === 0 && problems.length === 0)
    problems.push({ where: file, message: 'no cases: the file is empty' });
  return { cases, problems };
}

/**
 * Parses a JSONL text: one JSON object per line, blank lines ignored, a UTF-8 BOM and CRLF line
 * ends tolerated. Every bad line is reported as `file:line` with the reason; the caller decides
 * to stop (lptf stops before sending any traffic).
 *
 * @example
 * ```ts
 * const { cases, problems } = parseCases('{"type": 1, "slot_list": []}\n', 'normal', 'cases.jsonl')
 * cases[0].value.type // 1
 * ```
 */
export function parseCases(text: string, group: string, file: string): ParsedCases {
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  const lines = raw.map(
    (t, i): FileLine => ({
      line: i + 1,
      text: t.replace(/\r$/, ''),
      utf8: true,
      terminated: i < raw.length - 1 || t === '',
      bytes: Buffer.byteLength(t) + (i < raw.length - 1 ? 1 : 0),
    }),
  );
  return collectCases(lines, group, file);
}
