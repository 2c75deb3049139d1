/** Hidden pairs every suite measures beside its own, with names no benchmark can take. */
export const HIDDEN = {
  /** An empty function: the loop's own cost per call, and the floor a benchmark must clear. */
  empty: '(empty function)',
  /** A fixed integer loop: the unit of the normalised time, so runs compare across machines. */
  calibration: '(calibration loop)',
  /** A second copy of the baseline: its ratio to the baseline must be 1; its interval is the run's noise floor. */
  copy: '(baseline copy)',
} as const;

/**
 * The calibration workload: 1000 integer multiply-adds.
 *
 * @example
 * ```ts
 * calibrationLoop() // a number
 * ```
 */
export function calibrationLoop(): number {
  let x = 0;
  for (let i = 0; i < 1000; i++) x = (x + i * i) | 0;
  return x;
}

/**
 * The empty benchmark.
 *
 * @example
 * ```ts
 * emptyFunction() // undefined
 * ```
 */
export function emptyFunction(): void {}
