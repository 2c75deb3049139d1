import type { Recorder } from '../../core/recorder/index.js';
import type { Output } from '../../output/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { Measurement, RunResult } from '../result/index.js';
import type { LiveServers } from './load-test-handle.js';

/**
 * What a load run's outputs receive about once a second: the progress figures, and the recorder
 * for anything more (the dashboard reads its series and distribution; it must not record).
 *
 * @example
 * ```ts
 * output.add({ progress: snapshot, recorder })
 * ```
 */
export interface RunSample {
  readonly progress: ProgressSnapshot;
  readonly recorder: Recorder;
  /** The latest reading of each watched server, if the run watches any. */
  readonly servers?: LiveServers;
}

/**
 * A finished run, as its outputs receive it; `files` holds what earlier outputs wrote.
 *
 * @example
 * ```ts
 * await output.stop({ result, measurement, files: [] })
 * ```
 */
export interface RunEnd {
  readonly result: RunResult;
  readonly measurement: Measurement;
  readonly files: readonly string[];
}

/**
 * An output of a load run: the progress line, the live dashboard, the `--out` folder.
 *
 * @example
 * ```ts
 * const outputs: RunOutput[] = [progressOutput(process.stderr, 'en')]
 * ```
 */
export interface RunOutput extends Output<RunSample, RunEnd> {
  /**
   * Receives the started test, for an output that may end it: a segment's coordinator stops every
   * segment once the whole test's verdict is decided (the reason is the segment's `endedEarly`).
   */
  follow?(test: { stop(endedEarly: string): void }): void;
}
