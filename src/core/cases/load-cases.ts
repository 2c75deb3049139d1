import { basename, extname } from 'node:path';
import { InvalidInputError, type Problem } from '../errors/index.js';
import { collectCases, MAX_CASES } from './parse-cases.js';
import { type FileLine, FileTooLargeError, MAX_INPUT_BYTES, readLines } from './read-lines.js';
import type { CaseGroup } from './test-case.js';

/**
 * Where one group's cases come from.
 *
 * @example
 * ```ts
 * const spec: CaseFileSpec = { label: 'abnormal', path: 'cases/abnormal.jsonl' }
 * ```
 */
export interface CaseFileSpec {
  readonly label: string;
  readonly path: string;
}

/**
 * Reads a `--cases` argument: `label=path` or a bare path, whose label is the file's base name
 * (`normal.jsonl` → `normal`), so files named after their group need no label.
 *
 * @example
 * ```ts
 * parseCaseSpec('abnormal=b.jsonl') // { label: 'abnormal', path: 'b.jsonl' }
 * parseCaseSpec('cases/normal.jsonl') // { label: 'normal', path: 'cases/normal.jsonl' }
 * ```
 */
export function parseCaseSpec(arg: string): CaseFileSpec {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(arg);
  if (m) return { label: m[1] as string, path: m[2] as string };
  return { label: basename(arg, extname(arg)) || 'cases', path: arg };
}

/**
 * Loads every case file, checking them all before failing, so one run reports every bad line
 * in every file (as `file:line: reason`). Throws {@link InvalidInputError} if any is bad.
 * Files sharing a label are joined into one group.
 *
 * @example
 * ```ts
 * const groups = await loadCaseGroups([{ label: 'normal', path: 'normal.jsonl' }])
 * ```
 */
export async function loadCaseGroups(specs: readonly CaseFileSpec[]): Promise<CaseGroup[]> {
  const problems: Problem[] = [];
  const byLabel = new Map<string, { files: string[]; cases: CaseGroup['cases'][number][] }>();
  let total = 0;
  let bytes = 0;
  for (const spec of specs) {
    // Streamed line by line (invalid UTF-8 and a cut-off last line are caught), all files together
    // within MAX_INPUT_BYTES.
    const lines: FileLine[] = [];
    try {
      for await (const l of readLines(spec.path, { maxBytes: MAX_INPUT_BYTES - bytes })) {
        bytes += l.bytes;
        // Counted as read, so a file of a billion lines stops at the bound, not when memory runs out.
        if (++total > MAX_CASES) {
          problems.push({ where: `${spec.path}:${l.line}`, message: `more than ${MAX_CASES} cases in all; use fewer` });
          break;
        }
        lines.push(l);
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const reason =
        e instanceof FileTooLargeError
          ? `${new FileTooLargeError(MAX_INPUT_BYTES).message}${specs.length > 1 ? ' (all the case files together)' : ''}`
          : e.code === 'ENOENT'
            ? 'no such file'
            : e.code === 'EISDIR'
              ? 'is a directory'
              : e.message;
      problems.push({ where: spec.path, message: `cannot read the case file: ${reason}` });
      continue;
    }
    const parsed = collectCases(lines, spec.label, spec.path);
    // One by one: a spread of 125,000 cases or more overflows the call stack.
    for (const p of parsed.problems) problems.push(p);
    const entry = byLabel.get(spec.label) ?? { files: [], cases: [] };
    entry.files.push(spec.path);
    for (const c of parsed.cases) entry.cases.push(c);
    byLabel.set(spec.label, entry);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return [...byLabel].map(([label, e]) => ({ label, file: e.files.join(', '), cases: e.cases }));
}
