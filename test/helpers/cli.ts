import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it. */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What a CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `lptf` with arguments; `interruptAfterMs` sends `signal` (SIGINT by default) after that long.
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
    signal?: NodeJS.Signals;
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
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer =
      options.interruptAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill(options.signal ?? 'SIGINT'), options.interruptAfterMs);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Pass, fail or inconclusive: a run's verdict, not an error. For files of the untimed lane
 * (scripts/run-tests.mjs), whose generator, niced beside the timed tests, may be late (exit 3).
 */
export const anyVerdict = (code: number | null): boolean => code === 0 || code === 1 || code === 3;
