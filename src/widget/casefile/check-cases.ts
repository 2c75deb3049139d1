import { MAX_CASES, MAX_LINE_BYTES, parseCaseLine, readLines } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';

/**
 * What `lptf cases check` found in a case file.
 *
 * @example
 * ```ts
 * const report = await checkCaseFile('normal.jsonl')
 * report.problems.length === 0
 * ```
 */
export interface CaseFileReport {
  readonly file: string;
  readonly cases: number;
  readonly blankLines: number;
  /** The first {@link MAX_LISTED_PROBLEMS} problems, as `file:line` and a reason. */
  readonly problems: readonly Problem[];
  /** How many problems there were in all (memory holds only the listed ones). */
  readonly problemCount: number;
  /** Lines that repeat an earlier case: `[line, first line]`. */
  readonly duplicates: readonly (readonly [number, number])[];
  /** Cases per `type`. */
  readonly byType: Readonly<Record<string, number>>;
  /** In an abnormal file: cases that break the seed's shape on purpose, by reason. */
  readonly offShape: Readonly<Record<string, number>>;
  /** The cases, parsed, for coverage checks. */
  readonly values: readonly {
    readonly line: number;
    readonly type: number;
    readonly slots: ReadonlyMap<string, string>;
  }[];
}

/**
 * Problems kept and listed per file at most; the count is always exact.
 *
 * @example
 * ```ts
 * report.problems.slice(0, MAX_LISTED_PROBLEMS)
 * ```
 */
export const MAX_LISTED_PROBLEMS = 1000;

/**
 * Checks a case file against the seed's format: every line a JSON object with a numeric `type`
 * and a `slot_list` of `{key, value}` pairs of strings; no invalid UTF-8, no cut-off last line.
 * With `abnormal`, a JSON object that breaks the shape is expected and counted, not a problem.
 * Streams the file, so its size does not matter. Blank lines are allowed and counted.
 *
 * @example
 * ```ts
 * const { problems, duplicates } = await checkCaseFile('cases.jsonl')
 * ```
 */
export async function checkCaseFile(file: string, options: { abnormal?: boolean } = {}): Promise<CaseFileReport> {
  const offShape: Record<string, number> = {};
  const problems: Problem[] = [];
  const firstSeen = new Map<string, number>();
  const duplicates: [number, number][] = [];
  const byType: Record<string, number> = {};
  const values: { line: number; type: number; slots: Map<string, string> }[] = [];
  let blankLines = 0;
  let moreProblems = 0;
  const problem = (line: number, message: string): void => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ where: `${file}:${line}`, message });
    else moreProblems++;
  };
  for await (const l of readLines(file)) {
    // What a run would refuse, checking stops at: its memory is bounded like the run's.
    if (l.line > MAX_CASES) {
      problem(l.line, `more than ${MAX_CASES} lines; a run loads at most ${MAX_CASES} cases`);
      break;
    }
    if (l.tooLong) {
      problem(l.line, `longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    if (!l.utf8) {
      // Its bytes would be sent mangled: a problem, not a case.
      problem(l.line, 'not valid UTF-8');
      continue;
    }
    const text = l.text.trim();
    if (text === '') {
      blankLines++;
      continue;
    }
    const parsed = parseCaseLine(text, !l.terminated);
    if ('problem' in parsed) {
      problem(l.line, parsed.problem);
      continue;
    }
    const shape = seedShape(parsed.value);
    if (typeof shape === 'string') {
      // Abnormal cases may break the shape on purpose (a number for a value, no slot_list);
      // they are still JSON objects.
      if (options.abnormal) {
        const reason = shape.replace(/\[\d+\]/, '[]');
        offShape[reason] = (offShape[reason] ?? 0) + 1;
      } else problem(l.line, shape);
      continue;
    }
    const key = JSON.stringify([shape.type, [...shape.slots].sort()]);
    const first = firstSeen.get(key);
    if (first !== undefined) duplicates.push([l.line, first]);
    else firstSeen.set(key, l.line);
    byType[shape.type] = (byType[shape.type] ?? 0) + 1;
    values.push({ line: l.line, ...shape });
  }
  if (values.length === 0 && Object.keys(offShape).length === 0 && problems.length === 0)
    problems.push({ where: file, message: 'no cases: the file is empty' });
  const cases = values.length + Object.values(offShape).reduce((a, b) => a + b, 0);
  return {
    file,
    cases,
    blankLines,
    problems,
    problemCount: problems.length + moreProblems,
    duplicates,
    byType,
    offShape,
    values,
  };
}

/** The seed's shape, or what is wrong with it. */
function seedShape(v: Readonly<Record<string, unknown>>): { type: number; slots: Map<string, string> } | string {
  if (typeof v['type'] !== 'number' || !Number.isInteger(v['type'])) return '"type" must be an integer';
  if (!Array.isArray(v['slot_list'])) return '"slot_list" must be an array';
  const slots = new Map<string, string>();
  for (const [i, s] of (v['slot_list'] as unknown[]).entries()) {
    const slot = s as Record<string, unknown> | null;
    if (
      slot === null ||
      typeof slot !== 'object' ||
      typeof slot['key'] !== 'string' ||
      typeof slot['value'] !== 'string'
    ) {
      return `slot_list[${i}] must be {"key": string, "value": string}`;
    }
    if (slots.has(slot['key'])) return `slot_list repeats the key "${slot['key']}"`;
    slots.set(slot['key'], slot['value']);
  }
  return { type: v['type'], slots };
}
