/**
 * Whose CPU time a timer reads: the calling thread's (Node ≥ 23.9 has `process.threadCpuUsage`)
 * or, on older Node, the whole process's (all threads, including libuv's and the GC's helpers).
 *
 * @example
 * ```ts
 * const scope: CpuScope = CPU_SCOPE // 'thread' on Node 24
 * ```
 */
export type CpuScope = 'thread' | 'process';

type Usage = { user: number; system: number };
const threadCpuUsage = (process as unknown as { threadCpuUsage?: () => Usage }).threadCpuUsage;

/**
 * The scope this Node offers.
 *
 * @example
 * ```ts
 * if (CPU_SCOPE === 'process') console.warn('CPU includes other threads')
 * ```
 */
export const CPU_SCOPE: CpuScope = typeof threadCpuUsage === 'function' ? 'thread' : 'process';

/**
 * CPU time used so far, in µs (user and system), in {@link CPU_SCOPE}.
 *
 * @example
 * ```ts
 * const a = cpuNow(); work(); const b = cpuNow(); (b.user - a.user) / 1000 // ms
 * ```
 */
export const cpuNow: () => Usage =
  CPU_SCOPE === 'thread' ? () => threadCpuUsage!.call(process) : () => process.cpuUsage();
