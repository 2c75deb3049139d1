/**
 * The exit codes CI can gate on.
 *
 * @example
 * ```ts
 * process.exitCode = result.passed ? EXIT.pass : EXIT.checkFailed
 * ```
 */
export const EXIT = {
  /** Every check passed. */
  pass: 0,
  /** A check failed. */
  checkFailed: 1,
  /** Bad usage or bad input: nothing was sent. */
  usage: 2,
  /** Interrupted (Ctrl-C / SIGTERM); every output was still written. */
  interrupted: 130,
} as const;
