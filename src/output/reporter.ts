/**
 * One format of one result type: how a result renders, and the file `--out` gives it. Every
 * format of every result (run, phases, bench, comparison) is one of these (vegeta's `Reporter`).
 *
 * @example
 * ```ts
 * const csv: Reporter<RunResult> = { name: 'csv', file: 'series.csv', render: csvReport }
 * ```
 */
export interface Reporter<R> {
  /** The format's name, as `--format` takes it. */
  readonly name: string;
  /** The file it is written to in an `--out` folder. */
  readonly file: string;
  render(result: R): string;
}
