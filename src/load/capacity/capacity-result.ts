import type { Lang } from '../plan/index.js';
import type { Said } from '../result/index.js';

/**
 * One step of a capacity search: a constant rate for a while, with fresh figures, and what the
 * search made of it.
 *
 * @example
 * ```ts
 * const s: CapacityStep = { rate: 400, achievedRate: 399.8, seconds: 10, p50: 2.1, p99: 8.4, errorRate: 0, keptUp: 1, outcome: 'pass', confirmation: false, why: { en: 'every check passed', zh: '校验点全部通过' } }
 * ```
 */
export interface CapacityStep {
  /** The rate offered, in requests per second. */
  readonly rate: number;
  /** What went out, per second over the step's sends. */
  readonly achievedRate: number;
  /** How long the step's schedule ran (shorter when a check was decided failed and stopped it). */
  readonly seconds: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly errorRate: number | null;
  /**
   * Answers over the arrivals planned in the step's second half: under 1 when the target answers
   * more slowly than requests arrive (a queue growing, or the in-flight limit holding sends back),
   * whatever the checks say. Null when the step stopped early.
   */
  readonly keptUp: number | null;
  readonly outcome: 'pass' | 'fail' | 'generator';
  /** This step ran the rate found a second time, to confirm it. */
  readonly confirmation: boolean;
  /** Why it passed or failed, in both languages. */
  readonly why: Said;
}

/**
 * How a capacity search ended: the capacity found (and confirmed), the `--max-rate` passed, the
 * generator could not drive a step, the target held less than the least rate worth a step, or
 * the user stopped it.
 *
 * @example
 * ```ts
 * const e: CapacityEnd = 'found'
 * ```
 */
export type CapacityEnd = 'found' | 'max-rate' | 'generator' | 'below-min' | 'interrupted';

/**
 * A capacity search's result (`lptf capacity`), written as `capacity.json`: the highest rate that
 * passed the plan's checks, the knee of latency against the rate, the headroom over a target
 * rate, every step, and the verdict.
 *
 * @example
 * ```ts
 * const r: CapacityResult = JSON.parse(await readFile('out/capacity.json', 'utf8'))
 * ```
 */
export interface CapacityResult {
  readonly schema: 'lptf.capacity/1';
  readonly tool: { readonly name: string; readonly version: string };
  readonly target: {
    readonly url: string;
    readonly method: string;
    readonly protocol: string;
    readonly preset: string | null;
    /** The load file's scenarios and their shares, kept in every step: the total rate is searched. */
    readonly scenarios?: readonly { readonly name: string; readonly share: number }[];
    /** What each step is judged by: the plan's checks (the run's own among them). */
    readonly checks: readonly string[];
    readonly workers: number;
  };
  readonly search: {
    readonly startRate: number;
    readonly maxRate: number;
    readonly precision: number;
    readonly stepSec: number;
    readonly targetRate: number | null;
  };
  readonly steps: readonly CapacityStep[];
  /** The highest rate that passed (and held when run again, if `confirmed`); null if none passed. */
  readonly capacity: number | null;
  readonly confirmed: boolean;
  readonly ended: CapacityEnd;
  /** Where p99 latency starts to climb against the rate (Kneedle), if the steps show one. */
  readonly knee: number | null;
  /** The capacity over `--target-rate`: 3.1 means the target rate has 3.1× headroom. */
  readonly headroom: number | null;
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  /** The search's conclusion, in both languages. */
  readonly said: Said;
  readonly startedAt: string;
  readonly totalSec: number;
  readonly meta: {
    readonly node: string;
    readonly cpus: number;
    readonly command: string;
    readonly lang: Lang;
  };
}
