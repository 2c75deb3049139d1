import type { Said } from '../../core/said.js';
import type { PlanInput, ResolvedPlan } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { RunResult } from '../result/index.js';
import { checkpoints } from './checkpoints.js';
import { dashboardOutput } from './dashboard-output.js';
import { folderOutput } from './folder-output.js';
import type { LoadTestHandle, StartOptions } from './load-test-handle.js';
import { progressOutput } from './progress-output.js';
import type { RunEnd, RunOutput } from './run-output.js';
import { runOutputKinds } from './run-output-kinds.js';
import type { RunOutputs } from './run-outputs.js';
import { startLoadTest } from './start-load-test.js';
import { streamOutput } from './stream-output.js';
import type { Watchdog } from './watchdog.js';

/**
 * What one output did when the run ended: the files it wrote and its last word, or why it could
 * not finish (a full disk, a folder made read-only).
 *
 * @example
 * ```ts
 * const e: OutputEnd = { description: 'results folder', wrote: ['out/summary.json'] }
 * ```
 */
export interface OutputEnd {
  readonly description: string | Said;
  readonly wrote: readonly string[];
  readonly afterword?: string;
  /** Set when it could not finish: what went wrong. */
  readonly failed?: string;
}

/**
 * A load test with its outputs (the `--out` folder, the registered outputs such as the widget's
 * pack, the progress line, the stream, the dashboard), as `lptf run` and `run()` both start it.
 *
 * @example
 * ```ts
 * const session = await startOutputSession(resolved, outputs, { command: 'run()', layers })
 * const result = await session.test.result
 * const ends = await session.finish(result)
 * ```
 */
export interface OutputSession {
  readonly test: LoadTestHandle;
  /** The live dashboard's address, when there is one. */
  readonly dashboard?: string | Said;
  /** A stop was asked for: the outputs that show the run say so. */
  interrupted(): void;
  /** Stops every output with the finished run, in order (each sees the files of those before it). */
  finish(result: RunResult): Promise<readonly OutputEnd[]>;
  /** The figures could not be summed up: each output keeps what it can (the folder its last checkpoint). */
  abandon(): Promise<void>;
}

/**
 * Starts a resolved plan's outputs, then the test they follow.
 *
 * @example
 * ```ts
 * const session = await startOutputSession(resolved, outputs, { command, layers, stderr: process.stderr })
 * ```
 */
export async function startOutputSession(
  resolved: ResolvedPlan,
  options: RunOutputs,
  io: {
    readonly command: string;
    readonly layers: readonly PlanInput[];
    /** Where the progress line goes, unless `options.quiet`. */
    readonly stderr?: { write(text: string): unknown; readonly isTTY?: boolean };
    /** About once a second, the run so far (`run()`'s `onProgress`). */
    readonly onProgress?: (snapshot: ProgressSnapshot) => void;
    /** What runs the test (its senders here, by default; a coordinator of remote segments, `lptf coordinate`). */
    readonly start?: (resolved: ResolvedPlan, options: StartOptions) => LoadTestHandle;
    /** The CLI's watchdog of user code on this thread (`StartOptions.watchdog`). */
    readonly watchdog?: Watchdog;
  },
): Promise<OutputSession> {
  const { plan } = resolved;
  // The folder first: the dashboard's last page lists the files it wrote.
  const outputs: RunOutput[] = [
    ...(options.out
      ? [
          folderOutput(
            options.out,
            options.formats,
            checkpoints(options.out, resolved, io.command, options.checkpointMs),
          ),
        ]
      : []),
    ...runOutputKinds.all().flatMap((kind) => kind.create(plan, options) ?? []),
    ...(options.quiet || !io.stderr ? [] : [progressOutput(io.stderr, plan.lang)]),
    ...(options.stream ? [streamOutput(options.stream)] : []),
  ];
  const dashboard = options.dashboard ? dashboardOutput(plan, options.dashboard, options.runId) : undefined;
  if (dashboard) outputs.push(dashboard);
  for (const o of outputs) await o.start();
  const sampled = outputs.some((o) => o.add) || io.onProgress !== undefined;
  const test = (io.start ?? startLoadTest)(resolved, {
    command: io.command,
    layers: io.layers,
    ...(io.watchdog ? { watchdog: io.watchdog } : {}),
    ...(sampled
      ? {
          onProgress: (progress, recorder, servers) => {
            for (const o of outputs) o.add?.({ progress, recorder, ...(servers ? { servers } : {}) });
            io.onProgress?.(progress);
          },
        }
      : {}),
  });
  for (const o of outputs) o.follow?.(test);
  return {
    test,
    ...(dashboard ? { dashboard: dashboard.description } : {}),
    interrupted: () => {
      for (const o of outputs) o.interrupted?.();
    },
    async finish(result) {
      const measurement = await test.measurement;
      const files: string[] = [];
      const ends: OutputEnd[] = [];
      // An output that cannot finish is said, and the others still finish.
      for (const o of outputs) {
        try {
          const wrote = await o.stop({ result, measurement, files } satisfies RunEnd);
          files.push(...wrote);
          const afterword = o.afterword?.();
          ends.push({ description: o.description, wrote, ...(afterword ? { afterword } : {}) });
        } catch (err) {
          ends.push({ description: o.description, wrote: [], failed: (err as Error).message });
        }
      }
      return ends;
    },
    async abandon() {
      for (const o of outputs) await o.stop(undefined).catch(() => undefined);
    },
  };
}
