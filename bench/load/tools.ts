// Runs one tool of the load benchmark as a child process and measures its CPU time from outside
// (bash's `times`: the CPU of the children it waited for), the same way for every tool.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * What a tool printed and what it cost.
 *
 * @example
 * ```ts
 * const r: ToolRun = await measured(['wrk', '-c50', url]); r.cpuMs
 * ```
 */
export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  /** User + system CPU of the tool's process (and its children), start-up included. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

const seconds = (t: string): number => {
  const m = /(\d+)m([\d.]+)s/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
};

/**
 * Runs `argv` under bash and reads its children's CPU time with `times`.
 *
 * @example
 * ```ts
 * await measured(['node', 'dist/cli/main.js', 'run', url, '--rate', '200'])
 * ```
 */
export function measured(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    // `times` prints the shell's own times, then its children's: the second line is the tool's.
    const child = spawn('bash', ['-c', '"$@" 1>&3; status=$?; times; exit $status', '_', ...argv], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let times = '';
    let stderr = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => (stdout += c));
    child.stdout?.on('data', (c: Buffer) => (times += c));
    child.stderr?.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => {
      const lines = times.trim().split('\n');
      const [user = '', sys = ''] = (lines[lines.length - 1] ?? '').split(/\s+/);
      resolve({
        stdout,
        stderr,
        code,
        cpuMs: (seconds(user) + seconds(sys)) * 1000,
        wallMs: performance.now() - started,
      });
    });
  });
}

/** True if an executable is on the PATH (or at that path). */
export function has(bin: string): boolean {
  if (bin.includes('/')) return existsSync(bin);
  return (process.env['PATH'] ?? '').split(':').some((dir) => existsSync(`${dir}/${bin}`));
}
