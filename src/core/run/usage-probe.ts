import { monitorEventLoopDelay } from 'node:perf_hooks';

// Sampled every 20 ms: each sample wakes the event loop, and at 200 req/s a 10 ms sampler alone
// would add a wake-up for every two requests (each costs ~40 µs of CPU on a small VM, measured).
const LOOP_RESOLUTION_MS = 20;

/**
 * What the process measured of itself during the run.
 *
 * @example
 * ```ts
 * const u: ProcessUsage = { cpuUserMs: 400, cpuSystemMs: 100, maxRssMB: 64, eventLoopDelayMs: { p50: 0.1, p99: 1.2, max: 3 } }
 * ```
 */
export interface ProcessUsage {
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly maxRssMB: number;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/**
 * Starts measuring what this process (CPU, peak RSS) and this thread (event-loop delay) spend;
 * `finish()` stops and returns the figures.
 *
 * @example
 * ```ts
 * const probe = startUsageProbe()
 * await run.start()
 * const usage = probe.finish()
 * ```
 */
export function startUsageProbe(): { finish(): ProcessUsage } {
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  return {
    finish() {
      loopDelay.disable();
      const cpu = process.cpuUsage(cpuStart);
      // Node's histogram holds each sampling interval whole; the delay is what exceeds it.
      // Rounded after the subtraction: 44.925 - 20 is 24.924999999999997 in floating point.
      const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e3 - LOOP_RESOLUTION_MS * 1e3) / 1e3);
      return {
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        maxRssMB: process.resourceUsage().maxRSS / 1024,
        eventLoopDelayMs: {
          p50: ms(loopDelay.percentile(50)),
          p99: ms(loopDelay.percentile(99)),
          max: ms(loopDelay.max),
        },
      };
    },
  };
}
