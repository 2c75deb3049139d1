/**
 * One reading of a watched server over the last interval. CPU is a fraction: of one core for
 * a process (as `top` shows it, so a process busy on two cores reads 2), of all cores for a host.
 * Memory is a process tree's resident set, or a host's memory in use (total less available).
 *
 * @example
 * ```ts
 * const s: ServerSample = { atMs: Date.now(), cpu: 0.42, cpuUser: 0.3, cpuSystem: 0.12, memMB: 81.5, threads: 11, fds: 23 }
 * ```
 */
export interface ServerSample {
  /** When it was read, in ms since the epoch. */
  readonly atMs: number;
  readonly cpu: number;
  readonly cpuUser: number;
  readonly cpuSystem: number;
  readonly memMB: number;
  /** A process tree's threads and open file descriptors (null where /proc does not let us count them). */
  readonly threads?: number;
  readonly fds?: number | null;
  /** A host's load average over a minute, and its network traffic in MB/s (loopback left out). */
  readonly load1?: number;
  readonly rxMBps?: number;
  readonly txMBps?: number;
}

/**
 * What a watched server is: a process tree on this machine, or a host read through its node exporter.
 *
 * @example
 * ```ts
 * const kind: ServerKind = 'process'
 * ```
 */
export type ServerKind = 'process' | 'host';

/**
 * Something lptf watches beside the load, read once a second. `read()` returns the reading since
 * the last call (the first call only sets the baseline and returns undefined), or `'gone'` once
 * the process has exited; a failed scrape throws, and the next read tries again.
 *
 * @example
 * ```ts
 * const source: ServerSource = processSource(4242)
 * await source.read() // baseline
 * const s = await source.read()
 * ```
 */
export interface ServerSource {
  /** How reports name it: `pid 4242 (node)`, `node-exporter 127.0.0.1:9100`. */
  readonly name: string;
  readonly kind: ServerKind;
  read(): Promise<ServerSample | undefined | 'gone'>;
  /** Lets go of what it holds open (a connection), once the watch is over. */
  close?(): Promise<void>;
}
