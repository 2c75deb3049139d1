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

/** The ports closedPort() handed out in this process: never twice. */
const handedOut = new Set<number>();

/**
 * A port on 127.0.0.1 with nothing listening (for "connection refused", or for a service a test
 * starts later). It is taken below the kernel's ephemeral range (Linux: 32768-60999), where no
 * server listening on port 0 and no outgoing connection is ever given a port: a port freed from
 * that range was once taken by another lane's target between this call and its use (a watched
 * service's run then sent to that target, and that target counted 111 of its 100).
 *
 * @example
 * ```ts
 * const url = `http://127.0.0.1:${await closedPort()}/`
 * ```
 */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const { readFile } = await import('node:fs/promises');
  const low = Number(
    (await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768')).trim().split(/\s+/)[0],
  );
  const below = Number.isInteger(low) && low > 12_000 ? low : 32_768;
  for (let tries = 0; tries < 100; tries++) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (handedOut.has(port)) continue;
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!free) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port below the ephemeral range in 100 tries');
}
