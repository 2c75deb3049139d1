import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { LptfError, UsageError } from '../errors/index.js';
import { redactCommand, redactText } from '../redact/index.js';
import { groupRuns } from './proc-files.js';

/** How much of what the command printed is kept, to show why it failed. */
const TAIL_BYTES = 2048;
/** How often the target's port is tried while the command starts. */
const POLL_MS = 100;
/** How long the command has to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000;

/**
 * The service `--watch-cmd` started: its process (the shell, whose tree is the service),
 * and how to stop it.
 *
 * @example
 * ```ts
 * const cmd = await startWatchedCommand('node server.js', { host: '127.0.0.1', port: 8080 }, 30_000)
 * await cmd.stop()
 * ```
 */
export interface WatchedCommand {
  readonly pid: number;
  /** Set once the command has exited: its code or signal. */
  readonly exited: () => string | undefined;
  /** Stops the command's whole process group (SIGTERM, then SIGKILL to what is left after 5 s). */
  stop(): Promise<void>;
}

/** Whether something accepts connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(POLL_MS * 5);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Starts a service with `sh -c`, in its own process group, and waits until the target's port
 * accepts connections. Refused with exit 2, before any traffic, when the port already
 * accepts connections (the run would load some other server than the one watched), when the
 * command exits first, or when it is not up within `readyMs`; the refusal ends with the tail
 * of what the command printed.
 *
 * @example
 * ```ts
 * const cmd = await startWatchedCommand('node server.js', { host: '127.0.0.1', port: 8080 }, 30_000)
 * ```
 */
export async function startWatchedCommand(
  command: string,
  target: { readonly host: string; readonly port: number },
  readyMs: number,
  signal?: AbortSignal,
): Promise<WatchedCommand> {
  const where = `${target.host}:${target.port}`;
  if (await accepts(target.host, target.port))
    throw new UsageError(
      `--watch-cmd: something already accepts connections on ${where}; stop it first, or watch it with --watch-pid`,
      'LPTF_WATCH',
    );
  const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = signal ? `killed by ${signal}` : `exit code ${code}`;
  });
  child.once('error', (err) => {
    exit = err.message;
  });
  // lptf stopped some other way (an uncaught error): the service must not outlive it.
  const killOnExit = (): void => kill(child, 'SIGKILL');
  process.once('exit', killOnExit);
  // The shell may be gone while what it started lives on (a service that ignores SIGTERM outlives
  // the shell the signal killed: lptf waited on the shell alone, never sent SIGKILL, and the
  // service's open pipes kept lptf alive for ever after the run). The group is what is stopped.
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (groupAlive(child)) {
      kill(child, 'SIGTERM');
      const deadline = performance.now() + STOP_GRACE_MS;
      while (groupAlive(child) && performance.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS / 2));
      if (groupAlive(child)) kill(child, 'SIGKILL');
    }
    // Whatever still holds the pipes (a process that left the group) must not hold lptf.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
  };
  const deadline = performance.now() + readyMs;
  for (;;) {
    if (exit !== undefined) break;
    if (signal?.aborted) {
      await stop();
      throw new LptfError(`--watch-cmd: stopped while waiting for ${where}; nothing was sent`, 'LPTF_INTERRUPTED', 130);
    }
    if (await accepts(target.host, target.port)) return { pid: child.pid as number, exited: () => exit, stop };
    if (performance.now() > deadline) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const why =
    exit !== undefined
      ? `exited (${exit}) before ${where} accepted connections`
      : `${where} accepted no connection within ${readyMs / 1000} s`;
  await stop();
  // The command and what it printed may carry a credential (API_KEY=…, --password …): the one rule first.
  const printed = tail.trim() ? `; it printed:\n${redactText(tail.trimEnd())}` : '; it printed nothing';
  throw new UsageError(`--watch-cmd "${redactCommand(command)}": ${why}${printed}`, 'LPTF_WATCH');
}

/** Whether a process of the command's group still runs (the shell, or what it started). */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  const runs = groupRuns(child.pid);
  if (runs !== undefined) return runs;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals the command's process group (the shell and what it started). */
function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
