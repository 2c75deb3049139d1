/**
 * The exit codes CI can gate on, of every command (`lptf run`'s are its verdict's: `runExitCode`).
 */
export const EXIT = {
  /** Every check passed. */
  pass: 0,
  /** A check failed. */
  checkFailed: 1,
  /** Bad usage or bad input: nothing was sent. */
  usage: 2,
  /**
   * Inconclusive: a check of the target failed while the generator fell behind, or the plan was not
   * delivered; the report says which and what to change. Not the target's fault, nor proof it is fine.
   */
  inconclusive: 3,
  /** Interrupted (Ctrl-C / SIGTERM); every output was still written. */
  interrupted: 130,
} as const;

/**
 * The exit code of a finished run: its verdict's (0, 1 or 3), 130 if it was interrupted.
 *
 * @example
 * ```ts
 * process.exitCode = runExitCode(result)
 * ```
 */
export function runExitCode(result: {
  readonly interrupted: boolean;
  readonly passed: boolean;
  readonly verdict?: 'pass' | 'fail' | 'inconclusive';
}): number {
  if (result.interrupted) return EXIT.interrupted;
  if (result.verdict === 'inconclusive') return EXIT.inconclusive;
  return result.passed ? EXIT.pass : EXIT.checkFailed;
}
