/**
 * Error classes with stable `code`s and the process exit code each maps to.
 *
 * Why classes with codes: callers (the CLI, library users, tests) branch on `code`, never on
 * message text, so messages can improve without breaking anyone.
 *
 * @example
 * ```ts
 * try { parseDuration('abc') } catch (e) { if (e instanceof UsageError) process.exitCode = e.exitCode }
 * ```
 */
export class LptfError extends Error {
  /** Stable machine-readable code, e.g. `LPTF_USAGE`. */
  readonly code: string;
  /** The exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(message: string, code: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/**
 * Bad usage or bad input: a flag, a config field or a case line is wrong. Exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--rate must be > 0, got 0')
 * ```
 */
export class UsageError extends LptfError {
  constructor(message: string, code = 'LPTF_USAGE') {
    super(message, code, 2);
  }
}

/**
 * One problem found while validating input: where it is and what is wrong.
 *
 * @example
 * ```ts
 * const p: Problem = { where: 'cases.jsonl:3', message: 'not valid JSON' }
 * ```
 */
export interface Problem {
  /** Where: `file:line`, `--flag`, or a config field path. */
  readonly where: string;
  /** What is wrong, in words a user can act on. */
  readonly message: string;
}

/**
 * Every problem found in a plan, config file or case file, reported at once (k6 style),
 * so a user fixes them all in one pass. Exit code 2.
 *
 * @example
 * ```ts
 * throw new InvalidInputError([{ where: 'plan.yaml:3 rate', message: 'must be > 0' }])
 * ```
 */
export class InvalidInputError extends UsageError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    // A field two readers check (a plan's protocol and a scenario's, both short of a credential) is one problem.
    const lines = [...new Set(problems.map((p) => `  ${p.where}: ${p.message}`))];
    const noun = lines.length === 1 ? 'problem' : 'problems';
    super(`${lines.length} ${noun} found:\n${lines.join('\n')}`, 'LPTF_INVALID_INPUT');
    this.problems = problems.filter(
      (p, i) => problems.findIndex((q) => q.where === p.where && q.message === p.message) === i,
    );
  }
}
