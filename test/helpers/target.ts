import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A running loopback target (see target-process.ts). */
export interface Target {
  readonly url: string;
  /** Arrival times, ms after the first arrival. */
  arrivals(): Promise<number[]>;
  close(): Promise<void>;
}

/**
 * Starts a loopback target in a child process.
 *
 * @example
 * ```ts
 * const target = await startTarget({ delayMs: 20 })
 * ```
 */
export async function startTarget(config: {
  delayMs: number;
  stallFromMs?: number;
  stallToMs?: number;
}): Promise<Target> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./target-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(config);
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${port}/`,
    async arrivals() {
      const reply = once(child, 'message') as Promise<[{ arrivals: number[] }]>;
      child.send('report');
      return (await reply)[0].arrivals;
    },
    async close() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

/**
 * A port on 127.0.0.1 with nothing listening (for "connection refused").
 *
 * @example
 * ```ts
 * const url = `http://127.0.0.1:${await closedPort()}/`
 * ```
 */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
