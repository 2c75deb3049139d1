import { seededRandom, shuffleInPlace } from './random.js';
import type { CaseGroup, TestCase } from './test-case.js';

/**
 * Where the runner gets the case for its next request.
 *
 * @example
 * ```ts
 * const source: CaseSource = shuffledCases(groups, 1)
 * const c = source.next()
 * ```
 */
export interface CaseSource {
  /** Number of distinct cases. */
  readonly size: number;
  /** The case for the next request. */
  next(): TestCase;
}

/**
 * Serves every case of every group once, in a shuffled order, before any case repeats; then
 * serves the same order again. Keeping the order (rather than reshuffling each pass) makes
 * every repeat come exactly `size` requests after the last use of that case, the longest gap
 * possible, which is what keeps a service's cache from being hit. Each group gets traffic in
 * proportion to its number of cases. The order is reproducible for a given `seed`.
 *
 * @example
 * ```ts
 * const source = shuffledCases([{ label: 'normal', file: 'n.jsonl', cases }], 42)
 * source.next().group // 'normal'
 * ```
 */
export function shuffledCases(groups: readonly CaseGroup[], seed: number): CaseSource {
  const pool: TestCase[] = shuffleInPlace(
    groups.flatMap((g) => g.cases),
    seededRandom(seed),
  );
  if (pool.length === 0) throw new RangeError('shuffledCases needs at least one case');
  let position = 0;
  return {
    size: pool.length,
    next() {
      const c = pool[position] as TestCase;
      position = position + 1 === pool.length ? 0 : position + 1;
      return c;
    },
  };
}

/**
 * A source with no case files: every request is sent with the same (empty) case in the
 * group `default`.
 *
 * @example
 * ```ts
 * noCases().next().group // 'default'
 * ```
 */
export function noCases(): CaseSource {
  const only: TestCase = { group: 'default', text: '', json: '""', file: '', line: 0, value: {} };
  return { size: 0, next: () => only };
}

/**
 * Stripe `index` of `count` of a case source: the cases the whole source would give to requests
 * `index`, `index + count`, … So worker threads, each with its stripe of the schedule and of the
 * cases, send the same case with the same request as one sender would.
 *
 * @example
 * ```ts
 * const mine = stripedCases(shuffledCases(groups, seed), 1, 4) // cases 1, 5, 9, … of the order
 * ```
 */
export function stripedCases(source: CaseSource, index: number, count: number): CaseSource {
  for (let i = 0; i < index; i++) source.next();
  let first = true;
  return {
    size: source.size,
    next() {
      if (!first) for (let i = 1; i < count; i++) source.next();
      first = false;
      return source.next();
    },
  };
}
