import { clockTicks, processTree, readProc } from './proc-files.js';
import type { ServerSample, ServerSource } from './server-sample.js';

/**
 * Watches a process and its descendants through /proc: CPU (user, system) as a fraction of one
 * core, resident memory, threads and open descriptors, summed over the tree. A child that exits
 * between two readings takes its last interval's CPU with it: the figure is a floor.
 *
 * @example
 * ```ts
 * const source = processSource(4242, 'pid 4242 (node)')
 * ```
 */
export function processSource(pid: number, name: string): ServerSource {
  // Asked now, before any traffic: getconf is a child process (14 ms, measured).
  const hz = clockTicks();
  let last: { atMs: number; ticks: Map<number, { user: number; system: number }> } | undefined;
  return {
    name,
    kind: 'process',
    async read() {
      const atMs = performance.timeOrigin + performance.now();
      const readings = processTree(pid).map((p) => [p, readProc(p)] as const);
      if (!readings[0]?.[1]) return 'gone';
      const ticks = new Map<number, { user: number; system: number }>();
      let user = 0;
      let system = 0;
      let rssKB = 0;
      let threads = 0;
      let fds: number | null = 0;
      for (const [p, r] of readings) {
        if (!r) continue;
        ticks.set(p, { user: r.userTicks, system: r.systemTicks });
        // A process new since the last reading counts from zero: its whole life is in the interval.
        const before = last?.ticks.get(p) ?? { user: 0, system: 0 };
        user += r.userTicks - before.user;
        system += r.systemTicks - before.system;
        rssKB += r.rssKB;
        threads += r.threads;
        fds = fds === null || r.fds === null ? null : fds + r.fds;
      }
      const previous = last;
      last = { atMs, ticks };
      if (!previous) return undefined;
      const seconds = (atMs - previous.atMs) / 1000;
      const cpuUser = Math.max(0, user / hz / seconds);
      const cpuSystem = Math.max(0, system / hz / seconds);
      return {
        atMs,
        cpu: cpuUser + cpuSystem,
        cpuUser,
        cpuSystem,
        memMB: rssKB / 1024,
        threads,
        fds,
      } satisfies ServerSample;
    },
  };
}
