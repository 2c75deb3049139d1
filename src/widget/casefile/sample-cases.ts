import { MAX_LINE_BYTES, readLines, seededRandom, splitCsv } from '../../core/cases/index.js';
import { InvalidInputError } from '../../core/errors/index.js';
import { seedLine } from './seed-line.js';

/**
 * Options of {@link sampleCases}.
 *
 * @example
 * ```ts
 * const o: SampleOptions = { count: 3000, seed: 1, csv: { type: 7, columns: { parcel_no: 'parcel_no' } } }
 * ```
 */
export interface SampleOptions {
  /** How many lines to keep (the seed's cap is 3000). */
  readonly count: number;
  readonly seed: number;
  /** For CSV input: the case `type`, and which column fills which slot (default: every column, by its header). */
  readonly csv?: { readonly type: number; readonly columns?: Readonly<Record<string, string>> };
}

/**
 * A uniform random sample of a JSONL or CSV file's lines (reservoir sampling, Algorithm R):
 * one pass, streamed, memory for `count` lines only, whatever the file's size; every line has
 * the same chance `count / lines`; the same seed gives the same sample. CSV rows become cases
 * in the seed's format, one slot per mapped column. Blank lines are skipped. A file with fewer
 * lines than `count` is returned whole, in order.
 *
 * @example
 * ```ts
 * const { lines, seen } = await sampleCases('parcels.csv', { count: 3000, seed: 1, csv: { type: 7, columns: { parcel_no: 'parcel_no' } } })
 * ```
 */
export async function sampleCases(path: string, options: SampleOptions): Promise<{ lines: string[]; seen: number }> {
  const random = seededRandom(options.seed);
  const reservoir: string[] = [];
  let seen = 0;
  let toCase: ((row: string) => string) | undefined;
  for await (const { text, line, tooLong } of readLines(path)) {
    if (tooLong)
      throw new InvalidInputError([{ where: `${path}:${line}`, message: `longer than ${MAX_LINE_BYTES} bytes` }]);
    if (text.trim() === '') continue;
    if (options.csv && !toCase) {
      toCase = csvToCase(text, options.csv.type, options.csv.columns);
      continue;
    }
    // A CSV read as JSONL would sample its header as a case: refuse it at its first line.
    if (!options.csv && seen === 0 && !text.trimStart().startsWith('{'))
      throw new InvalidInputError([
        {
          where: `${path}:${line}`,
          message: `not a JSON object; a case file holds one per line${/\.csv$/i.test(path) || text.includes(',') ? ' (a CSV file needs --csv-type <type>)' : ''}`,
        },
      ]);
    const item = toCase ? toCase(text) : text.trim();
    seen++;
    if (reservoir.length < options.count) reservoir.push(item);
    else {
      const j = Math.floor(random() * seen);
      if (j < options.count) reservoir[j] = item;
    }
  }
  return { lines: reservoir, seen };
}

function csvToCase(header: string, type: number, columns?: Readonly<Record<string, string>>): (row: string) => string {
  const names = splitCsv(header).map((h) => h.trim());
  const mapping = columns ?? Object.fromEntries(names.map((n) => [n, n]));
  for (const column of Object.keys(mapping)) {
    if (!names.includes(column))
      throw new RangeError(`the CSV header has no column "${column}" (it has ${names.join(', ')})`);
  }
  const picks = Object.entries(mapping).map(([column, slot]) => [names.indexOf(column), slot] as const);
  return (row) => {
    const cells = splitCsv(row);
    return seedLine({ type, slot_list: picks.map(([i, key]) => ({ key, value: (cells[i] ?? '').trim() })) });
  };
}
