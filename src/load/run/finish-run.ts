import { caseWarnings } from '../../core/cases/index.js';
import type { Recorder } from '../../core/recorder/index.js';
import type { RunTiming } from '../../core/run/run.js';
import { TOOL } from '../../core/version.js';
import type { ResolvedPlan } from '../plan/index.js';
import type { DecidedCheck } from '../progress/index.js';
import {
  buildResult,
  type LifecycleFigures,
  type Measurement,
  measurementOf,
  type ProcessUsage,
  type RunResult,
  type ServerSeries,
  type WarmupResult,
} from '../result/index.js';

/**
 * A finished run, two ways: the result people read and the raw measurements behind it.
 *
 * @example
 * ```ts
 * const { result, measurement }: Finished = finishRun(resolved, recorder, timing, usage, command)
 * ```
 */
export interface Finished {
  readonly result: RunResult;
  readonly measurement: Measurement;
}

/**
 * What a run knows besides its recorder: the target's address as resolved at the start, what the
 * watched servers did, what the warm-up sent.
 *
 * @example
 * ```ts
 * const e: RunExtras = { address: '127.0.0.1:8080' }
 * ```
 */
export interface RunExtras {
  readonly address?: string;
  readonly servers?: readonly ServerSeries[];
  readonly warmup?: WarmupResult;
  readonly lifecycle?: LifecycleFigures;
  /** The check decided failed that stopped the run (`--abort-on-fail`). */
  readonly stopped?: DecidedCheck;
}

/**
 * Aggregates what a run recorded (on one thread or merged from several) into its result and
 * its `measure.json`.
 *
 * @example
 * ```ts
 * const { result } = finishRun(resolved, recorder, timing, probe.finish(), 'lptf run …')
 * ```
 */
export function finishRun(
  resolved: ResolvedPlan,
  recorder: Recorder,
  timing: RunTiming,
  usage: ProcessUsage,
  command: string,
  extra: RunExtras = {},
): Finished {
  const { address, servers, warmup, lifecycle, stopped } = extra;
  const { plan, caseGroups } = resolved;
  const result = buildResult({
    plan,
    caseGroups,
    recorder,
    timing,
    usage,
    warnings: [
      ...caseWarnings(caseGroups),
      ...(plan.protocol.caseWarnings?.(caseGroups) ?? []),
      ...(plan.protocol.runWarnings?.({
        rate: plan.rate,
        cases: caseGroups.reduce((n, g) => n + g.cases.length, 0),
        tallies: Object.fromEntries(recorder.overall.tallies),
      }) ?? []),
    ],
    tool: TOOL,
    command,
    ...(address ? { address } : {}),
    ...(servers ? { servers } : {}),
    ...(warmup ? { warmup } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(stopped ? { stopped } : {}),
  });
  return { result, measurement: measurementOf(result, recorder.state(), timing, usage, plan.segment) };
}

/**
 * The handle of a started test, from how to stop it and the promise of its end.
 *
 * @example
 * ```ts
 * return handleOf(done, () => run.stop(), () => run.abort())
 * ```
 */
export function handleOf(
  done: Promise<Finished>,
  stop: (endedEarly?: string) => void,
  abort: () => void,
): {
  stop(endedEarly?: string): void;
  abort(): void;
  result: Promise<RunResult>;
  measurement: Promise<Measurement>;
} {
  const measurement = done.then((d) => d.measurement);
  // Handled here so a failed run is reported once, through `result`, not again as an unhandled rejection.
  measurement.catch(() => undefined);
  return { stop, abort, result: done.then((d) => d.result), measurement };
}
