import type { RecorderState } from '../../../core/recorder/index.js';
import type { PlanInput } from '../../plan/index.js';
import type { ProcessUsage, WarmupResult } from '../../result/index.js';

/**
 * What a load worker is started with: the plan as the user gave it (the worker resolves it
 * again, with the seed fixed so every worker shuffles the cases alike) and its stripe.
 *
 * @example
 * ```ts
 * const data: WorkerInput = { layers, seed: 42, index: 0, count: 4, setup: [] }
 * ```
 */
export interface WorkerInput {
  readonly layers: readonly PlanInput[];
  readonly seed: number;
  readonly index: number;
  readonly count: number;
  /** Modules that register protocols and presets (see `addSetupModule`), imported before the plan is resolved. */
  readonly setup: readonly string[];
  /** What the load file's `setup()` returned, as JSON: it ran once, on the main thread. */
  readonly setupJson?: string;
}

/**
 * What the main thread tells a worker.
 *
 * @example
 * ```ts
 * worker.postMessage({ type: 'start', startMs } satisfies ToWorker)
 * ```
 */
export type ToWorker =
  | { readonly type: 'start'; readonly startMs: number }
  | { readonly type: 'stop'; readonly endedEarly?: string }
  | { readonly type: 'abort' };

/**
 * What a worker tells the main thread: ready to start; about once a second its counts so far
 * (seconds only since its last report); at the end everything; or that it failed.
 *
 * @example
 * ```ts
 * worker.on('message', (m: FromWorker) => m.type === 'done' && console.log(m.state.overall.sent))
 * ```
 */
export type FromWorker =
  | { readonly type: 'ready'; readonly warmup?: WarmupResult }
  /** An error thrown in the worker outside any request (see `catchStrayErrors`): the run goes on. */
  | { readonly type: 'stray'; readonly text: string }
  | { readonly type: 'progress'; readonly state: RecorderState; readonly inflight: number }
  | {
      readonly type: 'done';
      readonly state: RecorderState;
      readonly timing: {
        readonly scheduleMs: number;
        readonly sendWindowMs: number;
        readonly totalMs: number;
        readonly interrupted: boolean;
        readonly endedEarly?: string;
      };
      readonly eventLoopDelayMs: ProcessUsage['eventLoopDelayMs'];
    }
  | { readonly type: 'failed'; readonly message: string };
