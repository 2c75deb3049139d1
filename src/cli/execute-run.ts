import { resolvePlan, type PlanInput } from '../load/plan/index.js';
import { progressReporter } from '../load/progress/index.js';
import type { Dashboard } from '../load/dashboard/index.js';
import type { ProgressSnapshot } from '../load/progress/index.js';
import type { Recorder } from '../core/recorder/index.js';
import { textReport, verdictLine, writeMeasurement, writeOutputs } from '../load/report/index.js';
import type { RunResult } from '../load/result/index.js';
import { shareBounds } from '../core/checks/index.js';
import type { Plan } from '../load/plan/index.js';
import { startLoadTest } from '../load/run/index.js';
import { formatDuration } from '../core/units/index.js';
import { redactUrl } from '../core/redact/index.js';
import { EXIT } from './exit-codes.js';

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
 * Runs a plan end to end as the CLI does: resolve and validate (all problems at once), run with
 * progress, stop cleanly on the first signal and abort on the second, print the report, write
 * the outputs, and return the exit code and result. Bad input throws an `InvalidInputError`
 * before any traffic is sent.
 *
 * @example
 * ```ts
 * const { code } = await executeRun([flags], processIo(), 'lptf run http://127.0.0.1:8080/')
 * process.exitCode = code
 * ```
 */
export async function executeRun(layers: readonly PlanInput[], io: RunIo, command: string): Promise<{ code: number; result: RunResult }> {
  const resolved = await resolvePlan(layers);
  const { plan } = resolved;
  const say = (text: string): unknown => !plan.quiet && io.stderr.write(`${text}\n`);
  const planned = Math.floor((plan.rate * plan.durationMs) / 1000 + 1e-9);
  const load = plan.connections ? `closed loop on ${plan.connections} connections` : `at ${plan.rate}/s`;
  const threads = plan.workers > 1 ? ` on ${plan.workers} worker threads` : '';
  say(`lptf: ${plan.method} ${redactUrl(plan.url)} ${load} for ${formatDuration(plan.durationMs)}${plan.connections ? '' : ` (${planned} requests)`}${threads}; Ctrl-C stops and still reports`);
  const progress = plan.quiet ? undefined : progressReporter(io.stderr);
  const dashboard = plan.dashboard ? await openDashboard(plan, planned) : undefined;
  if (dashboard) io.stderr.write(`lptf: live dashboard at ${dashboard.url}\n`);
  const onProgress = progress || dashboard ? (s: ProgressSnapshot, rec: Recorder) => (progress?.update(s), dashboard?.update(s, rec)) : undefined;
  const test = startLoadTest(resolved, { command, layers, ...(onProgress ? { onProgress } : {}) });
  let signals = 0;
  const removeHandler = io.onSignal(() => {
    signals++;
    if (signals === 1) {
      progress?.done();
      say(`lptf: stopping; waiting up to ${formatDuration(plan.timeoutMs)} for requests in flight (press Ctrl-C again to abort them)`);
      test.stop();
    } else test.abort();
  });
  let result: RunResult;
  try {
    result = await test.result;
  } catch (err) {
    await dashboard?.close();
    throw err;
  } finally {
    removeHandler();
    progress?.done();
  }
  io.stdout.write(textReport(result));
  const files = plan.out ? await writeOutputs(result, plan.out, plan.formats) : [];
  if (plan.out) files.push(await writeMeasurement(await test.measurement, plan.out));
  if (files.length > 0) say(`lptf: wrote ${files.join(', ')}`);
  if (dashboard) {
    const { htmlReport, verdictClass } = await import('../load/report/html/index.js');
    await dashboard.finish({ verdict: verdictLine(result), verdictClass: verdictClass(result), reportHtml: htmlReport(result), files });
  }
  const code = result.interrupted ? EXIT.interrupted : result.passed ? EXIT.pass : EXIT.checkFailed;
  return { code, result };
}

/** Starts the live dashboard (loaded only when asked for) before the first request. */
async function openDashboard(plan: Plan, planned: number): Promise<Dashboard> {
  const { startDashboard } = await import('../load/dashboard/index.js');
  const bounds = shareBounds([...plan.checks, ...plan.info]).map((ms) => ({ label: `${ms}ms`, ms }));
  const headline = `${plan.method} ${redactUrl(plan.url)} at ${plan.rate}/s for ${formatDuration(plan.durationMs)} (${planned} requests)`;
  return startDashboard({ headline, lang: plan.lang, targetRate: plan.rate, durationSec: plan.durationMs / 1000, bounds }, plan.dashboard!);
}
