import type { Said } from '../core/said.js';

/**
 * Something that follows a run as it goes (k6's `Output`): it starts before the first request,
 * receives a sample about once a second, and stops with the end of the run. The progress line,
 * the live dashboard and the `--out` folder are outputs of a load run.
 *
 * @example
 * ```ts
 * const log: Output<Sample, End> = { description: 'log', start() {}, add: (s) => console.log(s), stop: async () => [] }
 * ```
 */
export interface Output<Sample, End> {
  /**
   * What it is, for messages: `live dashboard at http://127.0.0.1:5665/`; in both languages when
   * lptf says it in the run's (`{ en, zh }`).
   */
  readonly description: string | Said;
  start(): Promise<void> | void;
  /**
   * Receives a sample. An output that only writes at the end (the `--out` folder) has none, and
   * when no output has one the run takes no samples at all: a sample costs the send path 0.3-6 ms
   * a second (measured at 200 req/s), a stall the target would see.
   */
  add?(sample: Sample): void;
  /** The run was asked to stop: clear any live line before the messages that follow. */
  interrupted?(): void;
  /** The run's end (undefined if the run failed); returns the files it wrote. */
  stop(end: End | undefined): Promise<readonly string[]>;
  /** After `stop`: a line for the user about what it could not deliver (pushes that failed), if any. */
  afterword?(): string | undefined;
}
