import type { CpuScope } from './cpu-clock.js';

/**
 * One phase of a straight test: from the previous boundary (the start, or the end of the phase
 * before) to its own end; or, for `phase(name, fn)`, the run of `fn`.
 *
 * @example
 * ```ts
 * const p: PhaseRecord = result.phases[0]; `${p.name}: ${p.wallMs} ms`
 * ```
 */
export interface PhaseRecord {
  /** The phase's number, from 1, in the order phases began (`phase()`) or ended (`phaseEnd`). */
  readonly id: number;
  /** The `phase(name, fn)` this one ran inside (its id), or null at the top level. */
  readonly parent: number | null;
  readonly name: string;
  /** When the phase began, in ms after the timer's start. */
  readonly startMs: number;
  /** Wall time, monotonic, with sub-microsecond resolution. */
  readonly wallMs: number;
  /** Wall time outside the phases nested in it: a parent's self time and its children's add up to its wall time. */
  readonly selfMs: number;
  /** CPU time in the phase (the thread's or the process's: see {@link PhaseTimerResult.cpuScope}). */
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** CPU time (user + system) over wall time: 1 is one core busy all through; null for a phase of no time. */
  readonly cpuUtilization: number | null;
  /** Resident memory and V8 heap used at the phase's end, and their change over it (MB); null with `memory: false`. */
  readonly rssMB: number | null;
  readonly rssDeltaMB: number | null;
  readonly heapUsedMB: number | null;
  readonly heapDeltaMB: number | null;
  /** Garbage collections that started inside the phase, and their total pause; null with `gc: false`. */
  readonly gcCount: number | null;
  readonly gcPauseMs: number | null;
  /**
   * Event-loop utilisation over the phase, 0..1: how busy the thread's loop was; null before
   * the loop has started (code run while the main module loads), where Node cannot tell.
   */
  readonly eventLoopUtilization: number | null;
}

/**
 * The result of a straight test, immutable: the phases in the order they ended. Written as JSON
 * (`schema: 'lptf.phases/1'`) and rendered as a table, a bar chart, Markdown or HTML.
 *
 * @example
 * ```ts
 * const r: PhaseTimerResult = timer.end('last'); r.phases.map((p) => p.name)
 * ```
 */
export interface PhaseTimerResult {
  readonly schema: 'lptf.phases/1';
  readonly name: string;
  readonly startedAt: string;
  /** From `start()` to `end()` (or to now, if the timer has not ended). */
  readonly totalMs: number;
  /** Time no top-level phase claimed (between a `phase(name, fn)` and the boundary before it). */
  readonly unclaimedMs: number;
  readonly cpuScope: CpuScope;
  readonly memory: boolean;
  readonly gc: boolean;
  readonly ended: boolean;
  readonly phases: readonly PhaseRecord[];
  readonly meta: { readonly node: string; readonly platform: string; readonly arch: string };
}
