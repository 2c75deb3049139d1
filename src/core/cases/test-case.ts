/**
 * One test case: a JSON object read from one line of a case file, in a labelled group.
 *
 * `text` is the line exactly as written (trimmed), so the bytes sent are the bytes the user
 * wrote; `json` is its JSON-encoded string form, precomputed once because the widget protocol
 * embeds the query as a string and encoding it per request would waste CPU.
 *
 * @example
 * ```ts
 * const c: TestCase = { group: 'normal', text: '{"type": 1}', json: '"{\\"type\\": 1}"', file: 'a.jsonl', line: 1, value: { type: 1 } }
 * ```
 */
export interface TestCase {
  readonly group: string;
  readonly text: string;
  readonly json: string;
  readonly file: string;
  readonly line: number;
  readonly value: Readonly<Record<string, unknown>>;
  /** The rows drawn for this request from a load file's data feeders, by feeder name. */
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The feeder that had no row left for this request (a `unique` one ran out): it is not sent. */
  readonly exhausted?: string;
  /**
   * Set when this arrival ends the run instead of going out: what it was to be made from ran dry
   * (a feeder told to end the run then). The schedule ends before it; it is not counted.
   */
  readonly endsRun?: string;
  /** What the earlier steps of a user flow took from their answers, by name (`{{vars.<name>}}`). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** The case's own group, when a load file's scenario records the request under its name (`group`). */
  readonly caseGroup?: string;
}

/**
 * A labelled group of cases, e.g. `normal` or `abnormal`.
 *
 * @example
 * ```ts
 * const g: CaseGroup = { label: 'normal', file: 'normal.jsonl', cases: [] }
 * ```
 */
export interface CaseGroup {
  readonly label: string;
  readonly file: string;
  readonly cases: readonly TestCase[];
}
