import { redactUrl } from '../core/redact/index.js';
import { formatDuration } from '../core/units/index.js';
import { type PlanInput, planSchedule, type ResolvedPlan } from '../load/plan/index.js';
import { textReport } from '../load/report/index.js';
import { loadWords, partsOf, plannedWords, type RunResult, requestWords, stagesOf } from '../load/result/index.js';
import { type RunOutputs, resolveRun } from '../load/run/index.js';
import { startOutputSession } from '../load/run/output-session.js';
import { EXIT, runExitCode } from './exit-codes.js';

/**
 * The streams and signals a run talks to; tests pass their own.
 *
 * @example
 * ```ts
 * const io: RunIo = { stdout: process.stdout, stderr: process.stderr, onSignal: () => () => undefined }
 * ```
 */
export interface RunIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Registers a handler for Ctrl-C / SIGTERM; returns a function that removes it. */
  readonly onSignal: (handler: () => void) => () => void;
}

/**
 * The process's own streams and signals.
 *
 * @example
 * ```ts
 * await executeRun(layers, processIo(), 'lptf run …')
 * ```
 */
export function processIo(): RunIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onSignal(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/**
 * Runs a plan end to end as the CLI does: resolve and validate (all problems at once), start its
 * outputs (progress, dashboard, `--out` folder), run, stop cleanly on the first signal and abort
 * on the second, print the report, stop the outputs with the result, and return the exit code
 * and result. Bad input throws an `InvalidInputError` before any traffic is sent.
 *
 * @example
 * ```ts
 * const { code } = await executeRun([flags], processIo(), 'lptf run http://127.0.0.1:8080/')
 * process.exitCode = code
 * ```
 */
export async function executeRun(
  layers: readonly PlanInput[],
  io: RunIo,
  command: string,
  start?: Parameters<typeof startOutputSession>[2]['start'],
  /** Called with the resolved plan before any output starts: refuses what this command cannot do. */
  check?: (resolved: ResolvedPlan, outputs: RunOutputs) => void,
): Promise<{ code: number; result: RunResult }> {
  const { resolved, outputs: options } = await resolveRun(layers);
  check?.(resolved, options);
  const { plan } = resolved;
  const say = (text: string): unknown => !options.quiet && io.stderr.write(`${text}\n`);
  const planned = plan.connections ? 0 : planSchedule(plan).total;
  const load = loadWords({ ...plan, stages: stagesOf(plan), parts: partsOf(plan) }, 'en');
  const threads = plan.workers > 1 ? ` on ${plan.workers} worker threads` : '';
  say(
    `lptf: ${requestWords({ ...plan, url: redactUrl(plan.url) }, 'en')} ${load} for ${formatDuration(plan.durationMs)}${plan.connections ? '' : ` (${plannedWords(plan, planned, 'en')})`}${threads}; Ctrl-C stops and still reports`,
  );
  // What a layer replaced, and where the checks came from: a flag never changes a file unsaid.
  for (const line of resolved.said) say(`lptf: ${line}`);
  const session = await startOutputSession(resolved, options, {
    command,
    layers,
    stderr: io.stderr,
    ...(start ? { start } : {}),
  });
  if (session.dashboard) io.stderr.write(`lptf: ${session.dashboard}\n`);
  const { test } = session;
  let signals = 0;
  const removeHandler = io.onSignal(() => {
    signals++;
    if (signals === 1) {
      session.interrupted();
      say(
        `lptf: stopping; waiting up to ${formatDuration(plan.timeoutMs)} for requests in flight (press Ctrl-C again to abort them)`,
      );
      test.stop();
    } else test.abort();
  });
  let result: RunResult;
  try {
    result = await test.result;
  } catch (err) {
    await session.abandon();
    throw err;
  } finally {
    removeHandler();
    session.interrupted();
  }
  // With the stream on stdout, stdout is NDJSON only: the report goes to stderr.
  (options.stream === '-' ? io.stderr : io.stdout).write(textReport(result));
  // An output that cannot finish (a full disk, a folder made read-only) is said and fails the run,
  // and the others still finish: the report above is already on stdout.
  const ends = await session.finish(result);
  for (const e of ends) {
    if (e.wrote.length > 0) say(`lptf: wrote ${e.wrote.join(', ')}`);
    if (e.afterword) io.stderr.write(`lptf: ${e.description}: ${e.afterword}\n`);
    if (e.failed) io.stderr.write(`lptf: ${e.description}: not written: ${e.failed}\n`);
  }
  const lost = ends.some((e) => e.failed);
  // A teardown that threw left what setup() made: the figures stand, and the exit code says so.
  const teardown = result.lifecycle?.teardown?.error;
  if (teardown) io.stderr.write(`lptf: ${teardown}\n`);
  // Outputs lost or a teardown that threw fail a run whose verdict would pass; an interruption is still said as one.
  const verdictCode = runExitCode(result);
  const code =
    (lost || teardown) && (verdictCode === EXIT.pass || verdictCode === EXIT.inconclusive)
      ? EXIT.checkFailed
      : verdictCode;
  return { code, result };
}
