import { LptfError } from '../../core/errors/index.js';
import { sayIn } from '../../core/said.js';
import type { PlanInput } from '../fields/field.js';
import { CODE_KEYS, optionsLayer } from '../plan/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { RunResult } from '../result/index.js';
import { isLoadTest, type LoadTest, type LoadTestOptions } from '../script/index.js';
import type { LoadTestHandle } from './load-test-handle.js';
import { type OutputEnd, startOutputSession } from './output-session.js';
import { resolveRun } from './run-outputs.js';

/**
 * A load test from code: exactly what a load file's `loadTest()` takes (every plan field, the
 * outputs, scenarios, user flows, data feeders), and what follows it as it runs.
 *
 * @example
 * ```ts
 * const o: RunOptions = { url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] }
 * ```
 */
export interface RunOptions extends LoadTestOptions {
  /** About once a second, the run so far. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
}

/**
 * Outputs that could not finish (a full disk, a folder made read-only): the run itself ended, and
 * its result is here, but what the plan asked to be written was not.
 *
 * @example
 * ```ts
 * run(options).catch((e) => e instanceof OutputsFailedError && console.log(e.result.passed, e.failures))
 * ```
 */
export class OutputsFailedError extends LptfError {
  constructor(
    readonly result: RunResult,
    readonly failures: readonly OutputEnd[],
  ) {
    super(
      `the run ended, but not every output was written: ${failures.map((f) => `${sayIn(f.description, 'en')}: ${f.failed}`).join('; ')}`,
      'LPTF_OUTPUT_FAILED',
      1,
    );
  }
}

/**
 * The plan layers of options given in code: a test with scenarios, feeders or user code is read as
 * a load file would be (named `options.<field>`); one without is a layer of plain fields (which
 * worker threads can read again).
 */
function layersOf(options: LoadTestOptions): PlanInput[] {
  const code = CODE_KEYS.some((k) => (options as Record<string, unknown>)[k] !== undefined && k !== 'protocolOptions');
  return code && options.script === undefined
    ? [{ script: { value: options, where: 'options' } }]
    : [optionsLayer(options)];
}

/**
 * Starts a load test from typed options (or a `loadTest()`) and returns its handle at once:
 * `result` resolves when it ends and its outputs are written, `stop()` ends it early and keeps
 * what was measured. Rejects with an `InvalidInputError` listing every problem of the plan
 * (`options.<field>`: an unknown one too), before any traffic. It prints nothing unless
 * `quiet: false` asks for the progress line on stderr.
 *
 * @example
 * ```ts
 * const test = await start({ url: 'http://127.0.0.1:8080/', rate: 50, duration: '1m' })
 * process.once('SIGINT', () => test.stop())
 * const result = await test.result
 * ```
 */
export async function start(options: RunOptions | LoadTest): Promise<LoadTestHandle> {
  const given: RunOptions = isLoadTest(options) ? options.options : options;
  const { onProgress, ...test } = given;
  const layers = layersOf(test);
  const { resolved, outputs } = await resolveRun(layers);
  const session = await startOutputSession(resolved, outputs, {
    command: 'run()',
    layers,
    ...(test.quiet === false ? { stderr: process.stderr } : {}),
    ...(onProgress ? { onProgress: (snapshot: ProgressSnapshot) => onProgress(snapshot) } : {}),
  });
  const result = session.test.result.then(
    async (r) => {
      const failures = (await session.finish(r)).filter((e) => e.failed);
      if (failures.length > 0) throw new OutputsFailedError(r, failures);
      return r;
    },
    async (err: unknown) => {
      await session.abandon();
      throw err;
    },
  );
  return { ...session.test, result };
}

/**
 * Runs a load test from typed options (or a `loadTest()`, the default export of a load file) to
 * its end: the same result `lptf run` writes to `summary.json`, with the outputs it asks for
 * (`out`, `formats`, `dashboard`, `stream`, `prometheusRw`) written. Judge it with `result.passed`,
 * render it with `textReport(result)`.
 *
 * @example
 * ```ts
 * const result = await run({ url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] })
 * if (!result.passed) process.exitCode = 1
 * ```
 */
export async function run(options: RunOptions | LoadTest): Promise<RunResult> {
  return (await start(options)).result;
}
