import { extname, resolve } from 'node:path';
import {
  FileTooLargeError,
  MAX_CASES,
  MAX_INPUT_BYTES,
  NotAFileError,
  parseCsvRow,
  readLines,
  seededRandom,
  shuffleInPlace,
} from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { DataSource, FeederMode } from './load-test.js';
import { unknownKeys } from './unknown-keys.js';

/** A feeder's row: one object. */
export type Row = Readonly<Record<string, unknown>>;

const MODES: readonly FeederMode[] = ['shuffle', 'sequence', 'random', 'unique'];

/**
 * A feeder read and checked: its rows, and how it hands them out.
 *
 * @example
 * ```ts
 * const f: Feeder = { name: 'users', mode: 'unique', rows: [{ id: 1 }] }
 * ```
 */
export interface Feeder {
  readonly name: string;
  readonly mode: FeederMode;
  readonly rows: readonly Row[];
  /** A `unique` feeder told to end the run when its rows run out (`exhausted: 'end'`). */
  readonly endsRun?: boolean;
}

/** What a data source may say, as a load file writes it. */
const SOURCE_KEYS = ['file', 'rows', 'mode', 'exhausted'] as const;

/**
 * Reads a load file's feeders (files relative to `dir`), reporting every problem at once: an
 * unknown mode, a missing or unreadable file, a line that is not an object, an empty feeder.
 *
 * @example
 * ```ts
 * const { feeders, problems } = await readFeeders({ users: { file: 'users.csv', mode: 'unique' } }, dir, 'checkout.load.ts data')
 * ```
 */
export async function readFeeders(
  specs: Readonly<Record<string, DataSource>>,
  dir: string,
  where: string,
): Promise<{ feeders: Feeder[]; problems: Problem[] }> {
  const feeders: Feeder[] = [];
  const problems: Problem[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const at = `${where}.${name}`;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      problems.push({ where: at, message: `"${name}" is not a feeder name; use letters, digits, _ and -` });
      continue;
    }
    problems.push(...unknownKeys(spec, SOURCE_KEYS, at));
    const mode = spec?.mode ?? 'shuffle';
    if (!MODES.includes(mode))
      problems.push({ where: `${at}.mode`, message: `must be ${MODES.join(', ')}; got "${String(mode)}"` });
    const exhausted = spec?.exhausted ?? 'fail';
    if (exhausted !== 'fail' && exhausted !== 'end')
      problems.push({ where: `${at}.exhausted`, message: `must be 'fail' or 'end'; got "${String(exhausted)}"` });
    else if (exhausted === 'end' && mode !== 'unique')
      problems.push({
        where: `${at}.exhausted`,
        message: `only a unique feeder runs out of rows; a ${mode} feeder hands them out again`,
      });
    const hasFile = typeof spec?.file === 'string';
    if (hasFile === Array.isArray(spec?.rows)) {
      problems.push({ where: at, message: 'give it a file (JSON Lines, CSV or a JSON array) or rows, one of the two' });
      continue;
    }
    const found: Problem[] = [];
    const rows = hasFile
      ? await readRows(resolve(dir, spec.file as string), found)
      : checkRows(spec.rows as readonly unknown[], `${at}.rows`, found);
    problems.push(...found);
    if (found.length === 0 && rows.length === 0) problems.push({ where: at, message: 'has no rows' });
    feeders.push({ name, mode, rows, ...(exhausted === 'end' ? { endsRun: true } : {}) });
  }
  return { feeders, problems };
}

/** Rows given inline: each an object. */
function checkRows(rows: readonly unknown[], where: string, problems: Problem[]): Row[] {
  if (rows.length > MAX_CASES) {
    problems.push({ where, message: `more than ${MAX_CASES.toLocaleString('en-US')} rows` });
    return [];
  }
  let bad = 0;
  rows.forEach((r, i) => {
    if (!isRow(r) && bad++ < MAX_FEEDER_PROBLEMS)
      problems.push({ where: `${where}.${i}`, message: 'must be an object, e.g. { id: 1 }' });
  });
  return rows.filter(isRow);
}

/** The most problems one feeder file reports: the first ones say what is wrong with the rest. */
const MAX_FEEDER_PROBLEMS = 20;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A file's rows, by its extension: `.csv` (a header row, then values as text), `.json` (an array of objects), else JSON Lines. */
async function readRows(file: string, problems: Problem[]): Promise<Row[]> {
  const rows: Row[] = [];
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.json') {
      const { readFile, stat } = await import('node:fs/promises');
      // Read whole to be parsed: only a regular file, and within the bound on a run's inputs.
      const info = await stat(file);
      if (!info.isFile()) throw new NotAFileError();
      if (info.size > MAX_INPUT_BYTES) throw new FileTooLargeError(MAX_INPUT_BYTES);
      let value: unknown;
      try {
        value = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        problems.push({ where: file, message: `not valid JSON: ${(err as Error).message}` });
        return rows;
      }
      if (!Array.isArray(value)) problems.push({ where: file, message: 'must hold a JSON array of objects' });
      // Not a spread: 200,000 rows overflow the call stack.
      else return checkRows(value, file, problems);
      return rows;
    }
    let header: string[] | undefined;
    for await (const { line, text, tooLong } of readLines(file, { maxBytes: MAX_INPUT_BYTES })) {
      if (problems.length >= MAX_FEEDER_PROBLEMS) break;
      const where = `${file}:${line}`;
      if (tooLong) {
        problems.push({ where, message: 'a line longer than 1 MiB' });
        continue;
      }
      if (text.trim() === '') continue;
      if (rows.length >= MAX_CASES) {
        problems.push({ where, message: `more than ${MAX_CASES.toLocaleString('en-US')} rows` });
        break;
      }
      if (ext === '.csv') {
        const { fields, closed } = parseCsvRow(text);
        const cells = fields.map((c) => c.trim());
        if (!closed) problems.push({ where, message: 'a quote is not closed (a quote inside a field is written "")' });
        else if (!header) {
          header = cells;
          const named = new Set<string>();
          for (const h of cells)
            if (h === '' || named.has(h))
              problems.push({
                where,
                message: `the header row names each column once; ${h === '' ? 'one has no name' : `"${h}" twice`}`,
              });
            else named.add(h);
        } else if (cells.length !== header.length)
          problems.push({ where, message: `${cells.length} cell(s), but the header names ${header.length} columns` });
        else rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] as string])));
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        problems.push({ where, message: `not valid JSON: ${(err as Error).message}` });
        continue;
      }
      if (isRow(value)) rows.push(value);
      else problems.push({ where, message: 'not a JSON object; a JSON Lines feeder holds one per line' });
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    problems.push({
      where: file,
      message: `cannot read it: ${e.code && !e.code.startsWith('LPTF_') ? e.code : e.message}`,
    });
  }
  return rows;
}

/**
 * Hands out a feeder's rows, one per draw, in its mode; undefined once a `unique` feeder has
 * given every row. Draws are sequential and seeded, so every thread and segment that replays the
 * run's arrivals in order draws the same row for the same arrival.
 *
 * @example
 * ```ts
 * const next = feederCursor(feeder, 1)
 * next() // { id: 1 }
 * ```
 */
export function feederCursor(feeder: Feeder, seed: number): () => Row | undefined {
  const { rows } = feeder;
  let drawn = 0;
  switch (feeder.mode) {
    case 'sequence':
      return () => rows[drawn++ % rows.length];
    case 'unique':
      return () => rows[drawn++];
    case 'random': {
      const random = seededRandom(seed);
      return () => rows[Math.floor(random() * rows.length)];
    }
    case 'shuffle': {
      const order = shuffleInPlace([...rows], seededRandom(seed));
      return () => order[drawn++ % order.length];
    }
  }
}
