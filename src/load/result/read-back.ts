import * as v from 'valibot';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';

/**
 * The pieces the schemas of files lptf reads back (`measure.json`, `summary.json`) are made of.
 * Every number is finite and bounded, every text and list has a length bound, every map a key
 * bound: a crafted file is refused, named field by field, before it can cost memory or a crash.
 */

/** The most keys a map of counts may have (error kinds, statuses, reply codes): a run names far fewer. */
export const MAX_KEYS = 10_000;
/** The longest text a result holds (a URL, an example, a note). */
export const MAX_TEXT = 100_000;

/** A whole count: requests, answers, seconds. */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** A finite figure at or above zero: ms, MB, a rate. */
export const figure = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e15));
/** A figure that may be absent (nothing measured). */
export const maybeFigure = v.nullable(figure);
/** A share, 0 to 1. */
export const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
export const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));

/** A map with at most {@link MAX_KEYS} keys of one kind of value. */
export function boundedRecord<T extends v.GenericSchema>(value: T) {
  return v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(1000)), value),
    v.check((r) => Object.keys(r).length <= MAX_KEYS, `more than ${MAX_KEYS} keys`),
  );
}
export const counts = boundedRecord(count);

/** A list of at most `max` items. */
export function boundedArray<T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(v.array(item), v.maxLength(max, `more than ${max} items`));
}

/**
 * Checks a value read from a file against its schema; every problem (at most 20) named by file
 * and field path, as exit 2 names bad input.
 *
 * @example
 * ```ts
 * const m = readChecked(MEASUREMENT, JSON.parse(text), 'seg0/measure.json')
 * ```
 */
export function readChecked<T extends v.GenericSchema>(schema: T, value: unknown, where: string): v.InferOutput<T> {
  const parsed = v.safeParse(schema, value, { abortPipeEarly: true });
  // The value itself, as read: checked, with any field a newer lptf added kept for reports that know it.
  if (parsed.success) return value as v.InferOutput<T>;
  const problems: Problem[] = parsed.issues.slice(0, 20).map((issue) => {
    const path = v.getDotPath(issue);
    // valibot says a missing key as "Invalid key: Expected "x" but received undefined".
    const message = issue.input === undefined && issue.received === 'undefined' ? 'missing' : issue.message;
    return { where: path ? `${where} ${path}` : where, message };
  });
  if (parsed.issues.length > 20)
    problems.push({ where, message: `and ${parsed.issues.length - 20} more problems: is this a file lptf wrote?` });
  throw new InvalidInputError(problems);
}
