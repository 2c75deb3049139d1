import { UNKNOWN_FIELD } from '../fields/field.js';
import { type PlanInput, planFields, resolvePlan } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { RunResult } from '../result/index.js';
import type { LoadTestHandle } from './load-test-handle.js';
import { startLoadTest } from './start-load-test.js';

/** A duration as lptf reads it: `250ms`, `30s`, `5m`, `1h`, `1h30m`, `1m30s`. */
export type DurationText =
  | `${number}${'us' | 'ms' | 's' | 'm' | 'h'}`
  | `${number}h${number}m`
  | `${number}m${number}s`;

/**
 * A load test as code: the same plan `lptf run` takes, typed, each field as its flag (see
 * `lptf run --help`). Every problem in it is reported at once, as an `InvalidInputError`, before
 * any traffic.
 *
 * @example
 * ```ts
 * const o: RunOptions = { url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] }
 * ```
 */
export interface RunOptions {
  readonly url: string;
  /** Arrivals per second (open model); default 200. */
  readonly rate?: number;
  /** A closed loop on this many connections instead of a rate. */
  readonly connections?: number;
  /** Default 30s. */
  readonly duration?: DurationText;
  /**
   * A ramp instead of `rate` and `duration`: each stage moves the rate in a straight line to its
   * target, e.g. `['30s:200', { duration: '30m', target: 200, name: 'steady' }, '10s:0']`.
   */
  readonly stages?: readonly (string | StageOption)[];
  /** With `stages`: the rate the first starts from (default 0). */
  readonly startRate?: number;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body template (`{{case}}`, `{{seq}}`, …) or `@file`. */
  readonly body?: string;
  /** Case files: `['normal.jsonl']`, or by group: `{ normal: 'normal.jsonl', abnormal: 'abnormal.jsonl' }`. */
  readonly cases?: readonly string[] | Readonly<Record<string, string>>;
  /** Acceptance checks, e.g. `share(<=170ms) >= 95%`; the run's own checks are added (see the README). */
  readonly checks?: readonly string[];
  /** Accepted statuses, e.g. `200-299,304`. */
  readonly okStatus?: string;
  readonly preset?: string;
  readonly protocol?: string;
  /** The protocol's own fields, e.g. the widget's `{ token, aesKey, appId, ghId }`. */
  readonly protocolOptions?: Readonly<Record<string, unknown>>;
  readonly maxInflight?: number;
  readonly queue?: number;
  readonly timeout?: DurationText;
  readonly workers?: number;
  readonly segment?: `${number}/${number}`;
  readonly startAt?: string | number | Date;
  readonly insecure?: boolean;
  readonly client?: 'h1' | 'undici';
  readonly lang?: 'zh' | 'en';
  readonly seed?: number;
  /** About once a second, the run so far. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
}

/**
 * One stage of a ramp, as an object.
 *
 * @example
 * ```ts
 * const s: StageOption = { duration: '30m', target: 200, name: 'steady' }
 * ```
 */
export interface StageOption {
  readonly duration: DurationText;
  /** Requests per second at the stage's end. */
  readonly target: number;
  readonly name?: string;
}

/** Options that are not plan fields. */
const NOT_FIELDS = new Set(['protocolOptions', 'onProgress']);

/**
 * The plan layer `options` make: each field where `options.<key>` names it in problems.
 *
 * @example
 * ```ts
 * optionsLayer({ url: 'http://127.0.0.1/', rate: 10 }).rate // { value: 10, where: 'options.rate' }
 * ```
 */
export function optionsLayer(options: RunOptions): PlanInput {
  const known = new Set(planFields().map((f) => f.key));
  const layer: Record<string, { value: unknown; where: string }> = {};
  const put = (key: string, value: unknown, where: string): void => {
    if (value !== undefined) layer[known.has(key) ? key : `${UNKNOWN_FIELD}${key}`] = { value, where };
  };
  for (const [key, value] of Object.entries(options)) {
    if (NOT_FIELDS.has(key)) continue;
    const where = `options.${key}`;
    if (key === 'cases' && value && typeof value === 'object' && !Array.isArray(value))
      put(
        key,
        Object.entries(value as Record<string, string>).map(([label, file]) => `${label}=${file}`),
        where,
      );
    else if (key === 'startAt' && value instanceof Date) put(key, value.toISOString(), where);
    else put(key, value, where);
  }
  for (const [key, value] of Object.entries(options.protocolOptions ?? {}))
    put(key, value, `options.protocolOptions.${key}`);
  return layer;
}

/**
 * Starts a load test from typed options and returns its handle at once: `result` resolves when
 * it ends, `stop()` ends it early and keeps what was measured. Rejects with an
 * `InvalidInputError` listing every problem of the plan, before any traffic.
 *
 * @example
 * ```ts
 * const test = await start({ url: 'http://127.0.0.1:8080/', rate: 50, duration: '1m' })
 * process.once('SIGINT', () => test.stop())
 * const result = await test.result
 * ```
 */
export async function start(options: RunOptions): Promise<LoadTestHandle> {
  const layers = [optionsLayer(options)];
  const resolved = await resolvePlan(layers);
  const onProgress = options.onProgress;
  return startLoadTest(resolved, {
    layers,
    command: 'run()',
    ...(onProgress ? { onProgress: (snapshot: ProgressSnapshot) => onProgress(snapshot) } : {}),
  });
}

/**
 * Runs a load test from typed options to its end: the same result `lptf run` writes to
 * `summary.json`. Judge it with `result.passed`, render it with `textReport(result)`, save it
 * with `writeReports(runKind, result, dir, ['html'])`.
 *
 * @example
 * ```ts
 * const result = await run({ url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] })
 * if (!result.passed) process.exitCode = 1
 * ```
 */
export async function run(options: RunOptions): Promise<RunResult> {
  return (await start(options)).result;
}
