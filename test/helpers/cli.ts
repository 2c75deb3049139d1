import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it. */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What a CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended it, if one did. */
  readonly signal?: NodeJS.Signals | null;
  /** When it was interrupted (`performance.now()`), if it was. */
  readonly interruptedAt?: number;
}

/**
 * Runs `lptf` with arguments; `interruptAfterMs` sends `signal` (SIGINT by default) after that long,
 * counted from when its stderr first matches `interruptOn` if given (an event of the run, not the
 * spawn: a process's start-up varies with the machine); `onStderr` sees its stderr as it grows.
 *
 * @example
 * ```ts
 * const { code, stderr } = await lptf(['run', 'nope'])
 * ```
 */
export function lptf(
  args: readonly string[],
  options: {
    interruptAfterMs?: number;
    interruptOn?: RegExp;
    signal?: NodeJS.Signals;
    onStderr?: (stderr: string) => void;
    cwd?: string;
    env?: Record<string, string>;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let interruptedAt: number | undefined;
    const interrupt = (): void => {
      if (options.interruptAfterMs !== undefined && timer === undefined)
        timer = setTimeout(() => {
          interruptedAt = performance.now();
          child.kill(options.signal ?? 'SIGINT');
        }, options.interruptAfterMs);
    };
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
      options.onStderr?.(stderr);
      if (options.interruptOn?.test(stderr)) interrupt();
    });
    if (!options.interruptOn) interrupt();
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, signal, ...(interruptedAt === undefined ? {} : { interruptedAt }) });
    });
  });
}

/**
 * Pass, fail or inconclusive: a run's verdict, not an error. For files of the untimed lane
 * (scripts/run-tests.mjs), whose generator, niced beside the timed tests, may be late (exit 3).
 */
export const anyVerdict = (code: number | null): boolean => code === 0 || code === 1 || code === 3;
