import type { Problem } from '../errors/index.js';
import type { TestCase } from './test-case.js';

/** What parsing one case file found: its cases, and every problem with its line. */
export interface ParsedCases {
  readonly cases: TestCase[];
  readonly problems: Problem[];
}

/**
 * Parses a JSONL case file: one JSON object per line, blank lines ignored, a UTF-8 BOM and
 * CRLF line ends tolerated. Every bad line is reported as `file:line` with the reason; the
 * caller decides to stop (lptf stops before sending any traffic).
 *
 * @example
 * ```ts
 * const { cases, problems } = parseCases('{"type": 1, "slot_list": []}\n', 'normal', 'cases.jsonl')
 * cases[0].value.type // 1
 * ```
 */
export function parseCases(text: string, group: string, file: string): ParsedCases {
  const cases: TestCase[] = [];
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push({ where, message: `not valid JSON (${(err as Error).message})` });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
      problems.push({ where, message: `a case must be a JSON object, got ${kind}` });
      return;
    }
    cases.push({ group, text: line, json: JSON.stringify(line), file, line: i + 1, value: value as Record<string, unknown> });
  });
  if (cases.length === 0 && problems.length === 0) problems.push({ where: file, message: 'no cases: the file is empty' });
  return { cases, problems };
}
