import { EXIT, runExitCode } from '../core/exit-codes.js';
import { exitGuard } from '../core/modules/exit-guard.js';
import { redactUrl } from '../core/redact/index.js';
import { sayIn } from '../core/said.js';
import { formatDuration } from '../core/units/index.js';
import { type PlanInput, planSchedule, type ResolvedPlan } from '../load/plan/index.js';
import { textReport } from '../load/report/index.js';
import { writeMeasurement } from '../load/report/write-measurement.js';
import {
  loadWords,
  partsOf,
  plannedWords,
  type RunResult,
  requestWords,
  type Said,
  stagesOf,
} from '../load/result/index.js';
import { type RunOutputs, resolveRun } from '../load/run/index.js';
import { startOutputSession } from '../load/run/output-session.js';
import { catchStrayErrors } from '../load/run/stray-errors.js';
import { LOADING_WEDGED_AFTER_MS, startWatchdog, type Watchdog } from '../load/run/watchdog.js';

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
  /** Ends the process now (a signal while the results are written); absent, lptf goes on writing. */
  readonly exit?: (code: number) => void;
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
    exit: (code) => process.exit(code),
  };
}

/** The note of errors thrown outside any request, in both languages. */
function strayNote(count: number, examples: readonly string[]): Said {
  const list = examples.join('; ');
  return {
    en: `Code threw ${count} time(s) outside any request (not counted in any figure; the run went on): ${list}. The exit code fails the run.`,
    zh: `代码在请求之外抛出异常 ${count} 次（不计入任何数字，运行继续）：${list}。退出码按失败处理。`,
  };
}

/** How long a stopped run waits for requests in flight before it aborts them. */
export const STOP_GRACE_MS = 1_000;

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
  // A load file's top level runs now: a loop there would hold lptf (and a CI job) for ever.
  const watchdog = startWatchdog();
  try {
    watchdog.arm(LOADING_WEDGED_AFTER_MS, LOADING_SAID);
    const resolvedRun = await resolveRun(layers);
    watchdog.disarm();
    if (resolvedRun.outputs.out) watchdog.saveInto(resolvedRun.outputs.out);
    return await runResolved(resolvedRun, layers, io, command, watchdog, start, check);
  } finally {
    await watchdog.stop();
  }
}

/** What the watchdog says of a load file whose top level holds the event loop. */
const LOADING_SAID = `the load file has held the event loop for ${LOADING_WEDGED_AFTER_MS / 1000} s while loading (a loop at its top level?); nothing was sent`;

/** {@link executeRun} once the plan is resolved. */
async function runResolved(
  { resolved, outputs: options }: Awaited<ReturnType<typeof resolveRun>>,
  layers: readonly PlanInput[],
  io: RunIo,
  command: string,
  watchdog: Watchdog,
  start?: Parameters<typeof startOutputSession>[2]['start'],
  check?: (resolved: ResolvedPlan, outputs: RunOutputs) => void,
): Promise<{ code: number; result: RunResult }> {
  check?.(resolved, options);
  const { plan } = resolved;
  const say = (text: string): unknown => !options.quiet && io.stderr.write(`${text}\n`);
  // What lptf says of the run is in the run's language, as its reports are.
  const lang = plan.lang;
  const zh = lang === 'zh';
  say(`lptf: ${startLine(plan)}`);
  // What a layer replaced, and where the checks came from: a flag never changes a file unsaid.
  for (const line of resolved.said) say(`lptf: ${line[lang]}`);
  const session = await startOutputSession(resolved, options, {
    command,
    layers,
    stderr: io.stderr,
    watchdog,
    ...(start ? { start } : {}),
  });
  if (session.dashboard) io.stderr.write(`lptf: ${sayIn(session.dashboard, lang)}\n`);
  const { test } = session;
  let signals = 0;
  let aborting: NodeJS.Timeout | undefined;
  const removeHandler = io.onSignal(() => {
    signals++;
    if (signals === 1) {
      session.interrupted();
      // A signal stops a run within STOP_GRACE_MS whatever its timeout: what is still in flight
      // then is aborted (counted as cancelled), so a target that never answers cannot hold it.
      const graceMs = Math.min(plan.timeoutMs, STOP_GRACE_MS);
      say(
        zh
          ? `lptf：正在停止；最多等待 ${formatDuration(graceMs)} 让在途请求完成（再按一次 Ctrl-C 立即中止它们）`
          : `lptf: stopping; waiting up to ${formatDuration(graceMs)} for requests in flight (press Ctrl-C again to abort them now)`,
      );
      test.stop();
      aborting = setTimeout(() => test.abort(), graceMs);
      aborting.unref();
    } else test.abort();
  });
  // User code runs now (setup, requests, checks, teardown): a process.exit() in it ends the run
  // unreported, and says so, never with the code it chose.
  const releaseExit = exitGuard(
    (called) =>
      `the run was ended ${called === undefined ? 'with nothing left to wait on (a promise in user code that never settles?)' : `by a process.exit(${called}) in user code`} before it finished: nothing was reported${options.out ? `; ${options.out} is marked incomplete` : ''}`,
    EXIT.checkFailed,
  );
  // User code that throws outside any request (a late timer, a forgotten rejection) is counted and
  // said, and the run goes on: its figures are sound, and the exit code says something went wrong.
  const strays: string[] = [];
  let strayCount = 0;
  const releaseStrays = catchStrayErrors((text) => {
    strayCount++;
    if (strays.length < 3 && !strays.includes(text)) {
      strays.push(text);
      io.stderr.write(
        zh
          ? `lptf：代码在请求之外抛出异常：${text}；压测继续\n`
          : `lptf: code threw outside any request: ${text}; the run goes on\n`,
      );
    }
  });
  let result: RunResult;
  try {
    result = await test.result;
  } catch (err) {
    await session.abandon();
    throw err;
  } finally {
    releaseStrays();
    releaseExit();
    clearTimeout(aborting);
    removeHandler();
    session.interrupted();
  }
  if (strayCount > 0) result = { ...result, notes: [...result.notes, strayNote(strayCount, strays)] };
  // With the stream on stdout, stdout is NDJSON only: the report goes to stderr.
  (options.stream === '-' ? io.stderr : io.stdout).write(textReport(result));
  // A signal while the results are written stops lptf at once, never mid-file: measure.json (every
  // figure; `lptf report` renders the rest from it) is saved whole first, the folder stays marked
  // incomplete. (Without a handler here the signal's default ended lptf wherever it was.)
  let stopping = false;
  const removeWriting = io.onSignal(() => {
    if (stopping || !io.exit) return;
    stopping = true;
    const exit = io.exit;
    void (async () => {
      const saved = options.out
        ? await test.measurement.then((m) => writeMeasurement(m, options.out as string)).catch(() => undefined)
        : undefined;
      io.stderr.write(
        zh
          ? `lptf：写结果时被停止${saved ? `：${saved} 保存了全部数据，文件夹标记为不完整（lptf report ${options.out} 可生成报告）` : ''}\n`
          : `lptf: stopped while writing the results${saved ? `: ${saved} holds every figure, the folder is marked incomplete (lptf report ${options.out} renders it)` : ''}\n`,
      );
      exit(EXIT.interrupted);
    })();
  });
  // An output that cannot finish (a full disk, a folder made read-only) is said and fails the run,
  // and the others still finish: the report above is already on stdout.
  const ends = await session.finish(result).finally(removeWriting);
  for (const e of ends) {
    if (e.wrote.length > 0) say(`lptf: ${zh ? '已写出' : 'wrote'} ${e.wrote.join(', ')}`);
    const colon = zh ? '：' : ': ';
    if (e.afterword) io.stderr.write(`lptf: ${sayIn(e.description, lang)}${colon}${e.afterword}\n`);
    if (e.failed)
      io.stderr.write(
        `lptf: ${sayIn(e.description, lang)}${colon}${zh ? '未写成' : 'not written'}${colon}${e.failed}\n`,
      );
  }
  const lost = ends.some((e) => e.failed) || strayCount > 0;
  // A teardown that threw left what setup() made: the figures stand, and the exit code says so.
  const teardown = result.lifecycle?.teardown?.error;
  if (teardown) io.stderr.write(`lptf: ${teardown}\n`);
  // Outputs lost, code that threw outside any request, or a teardown that threw fail a run whose
  // verdict would pass; an interruption is still said as one.
  // A signal after the last request (while teardown() ran) still interrupted the command.
  const verdictCode = signals > 0 ? EXIT.interrupted : runExitCode(result);
  const code =
    (lost || teardown) && (verdictCode === EXIT.pass || verdictCode === EXIT.inconclusive)
      ? EXIT.checkFailed
      : verdictCode;
  return { code, result };
}

/**
 * The line that starts a run, in its language: what is sent where, how hard and for how long.
 *
 * @example
 * ```ts
 * startLine(plan) // 'POST http://127.0.0.1:8080/widget at 200/s for 30m (360000 requests); Ctrl-C stops and still reports'
 * ```
 */
function startLine(plan: ResolvedPlan['plan']): string {
  const lang = plan.lang;
  const planned = plan.connections ? 0 : planSchedule(plan).total;
  const load = loadWords({ ...plan, stages: stagesOf(plan), parts: partsOf(plan) }, lang);
  const request = requestWords({ ...plan, url: redactUrl(plan.url) }, lang);
  const duration = formatDuration(plan.durationMs);
  if (lang === 'zh') {
    const count = plan.connections ? '' : `（共 ${plannedWords(plan, planned, 'zh')}）`;
    const threads = plan.workers > 1 ? `，${plan.workers} 个工作线程` : '';
    return `${request}，${load}，持续 ${duration}${count}${threads}；按 Ctrl-C 停止，仍会出报告`;
  }
  const count = plan.connections ? '' : ` (${plannedWords(plan, planned, 'en')})`;
  const threads = plan.workers > 1 ? ` on ${plan.workers} worker threads` : '';
  return `${request} ${load} for ${duration}${count}${threads}; Ctrl-C stops and still reports`;
}
