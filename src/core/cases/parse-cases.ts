import type { Problem } from '../errors/index.js';
import type { FileLine } from './read-lines.js';
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
  return { value: value as Record<string, unknown> };
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
  for (const l of lines) {
    const text = l.text.trim();
    if (text === '') continue;
    const where = `${file}:${l.line}`;
    if (!l.utf8) {
      problems.push({ where, message: 'not valid UTF-8' });
      continue;
    }
    const parsed = parseCaseLine(text, !l.terminated);
    if ('problem' in parsed) problems.push({ where, message: parsed.problem });
    else cases.push({ group, text, json: JSON.stringify(text), file, line: l.line, value: parsed.value });
  }
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
    }),
  );
  return collectCases(lines, group, file);
}
