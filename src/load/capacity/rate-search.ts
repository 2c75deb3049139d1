/**
 * How a capacity search goes: its bounds and how fine it must end.
 *
 * @example
 * ```ts
 * const s: SearchBounds = { startRate: 78, maxRate: 5000, precision: 0.02 }
 * ```
 */
export interface SearchBounds {
  /** The first step's rate; each passing step doubles it until one fails or `maxRate` passes. */
  readonly startRate: number;
  readonly maxRate: number;
  /** The search ends when the lowest failing rate is within this share above the highest passing one. */
  readonly precision: number;
  /** The lowest rate worth a step: below it the capacity is said to be under it. */
  readonly minRate?: number;
}

/**
 * A step's outcome as the search reads it: the target held the rate, did not, or the generator
 * could not drive it (the step runs once more; a second time the search ends: a higher rate would
 * measure lptf, not the target).
 *
 * @example
 * ```ts
 * const o: StepOutcome = 'pass'
 * ```
 */
export type StepOutcome = 'pass' | 'fail' | 'generator';

/**
 * Where the search stands: the highest rate that passed and the lowest that failed so far, and
 * whether the found rate has been confirmed by a second run.
 *
 * @example
 * ```ts
 * const s: SearchState = { passed: 1250, failed: 2500, confirming: false, confirmations: 0 }
 * ```
 */
export interface SearchState {
  readonly passed: number;
  readonly failed: number | undefined;
  /** The next step runs the highest passing rate again. */
  readonly confirming: boolean;
  readonly confirmations: number;
  /** Rates that passed, highest last: where to fall back if a confirmation fails. */
  readonly passes: readonly number[];
  /** A rate the generator could not drive, run once more before the search names it the limit. */
  readonly again?: number;
  /** Set once the search is over: why. */
  readonly ended?: 'found' | 'max-rate' | 'generator' | 'below-min';
}

/** The state before the first step. */
export function startSearch(): SearchState {
  return { passed: 0, failed: undefined, confirming: false, confirmations: 0, passes: [] };
}

/** Confirmations before a search gives up on confirming (each failed one lowers the rate found). */
const MAX_CONFIRMATIONS = 3;

/**
 * The rate of the next step, or undefined when the search is over. Pure: the whole search is a
 * function of the outcomes so far, as Nighthawk's adaptive load controller does it: double from
 * `startRate` while steps pass; once one fails, halve the interval between the highest passing
 * and the lowest failing rate until it is within `precision`; then run the rate found once more
 * to confirm it (a failed confirmation makes it the lowest failing rate, and the search goes on).
 * A step the generator could not drive runs once more before the search ends on it.
 *
 * @example
 * ```ts
 * nextRate(startSearch(), { startRate: 100, maxRate: 1000, precision: 0.02 }) // 100
 * ```
 */
export function nextRate(state: SearchState, bounds: SearchBounds): number | undefined {
  if (state.ended) return undefined;
  if (state.again !== undefined) return state.again;
  if (state.confirming) return state.passed;
  if (state.failed === undefined)
    return state.passed === 0 ? bounds.startRate : Math.min(state.passed * 2, bounds.maxRate);
  return round((state.passed + state.failed) / 2);
}

/**
 * The state after a step at `rate` had its outcome.
 *
 * @example
 * ```ts
 * afterStep(startSearch(), 100, 'pass', bounds).passed // 100
 * ```
 */
export function afterStep(was: SearchState, rate: number, outcome: StepOutcome, bounds: SearchBounds): SearchState {
  // Why once more: one stall of the machine (another process, a collection, a page fault) makes a
  // step's sends late; a step near the limit then fails a check while the generator was behind.
  // In a clean-clone CI the capacity test's search (3 s steps) ended generator-limited once, where
  // it found its target's rate in every other run. A generator that is the limit is late again.
  if (outcome === 'generator')
    return was.again === rate ? { ...was, again: undefined, ended: 'generator' } : { ...was, again: rate };
  const state: SearchState = { ...was, again: undefined };
  if (state.confirming) {
    const confirmations = state.confirmations + 1;
    if (outcome === 'pass') return { ...state, confirming: false, confirmations, ended: 'found' };
    // The rate found did not hold a second time: it fails, and the search goes on below it.
    const passes = state.passes.filter((r) => r < rate);
    const next = { ...state, confirming: false, confirmations, passes, passed: passes.at(-1) ?? 0, failed: rate };
    return confirmations >= MAX_CONFIRMATIONS ? { ...next, ended: 'found' } : settle(next, bounds);
  }
  if (outcome === 'pass') {
    const passed = { ...state, passed: rate, passes: [...state.passes, rate] };
    if (state.failed === undefined && rate >= bounds.maxRate) return { ...passed, ended: 'max-rate' };
    return settle(passed, bounds);
  }
  return settle({ ...state, failed: Math.min(rate, state.failed ?? rate) }, bounds);
}

/** Once the interval is fine enough, confirm what passed (or say the capacity is below the least rate worth a step). */
function settle(state: SearchState, bounds: SearchBounds): SearchState {
  if (state.failed === undefined) return state;
  const minRate = bounds.minRate ?? 1;
  if (state.passed === 0 && state.failed <= minRate) return { ...state, ended: 'below-min' };
  if (state.passed > 0 && (state.failed - state.passed) / state.failed <= bounds.precision)
    return { ...state, confirming: true };
  return state;
}

/** Rates to a tenth of a request a second. */
const round = (n: number): number => Math.round(n * 10) / 10;
