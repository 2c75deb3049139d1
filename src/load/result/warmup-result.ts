/**
 * What a warm-up sent before the measured start: real requests through the scenarios' code,
 * recorded apart from every figure and check.
 *
 * @example
 * ```ts
 * const w: WarmupResult = { arrivals: 50, sent: 50, ok: 50, failed: 0, errors: {}, seconds: 1 }
 * ```
 */
export interface WarmupResult {
  /** Arrivals it planned. */
  readonly arrivals: number;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  /** How long it took, answers included. */
  readonly seconds: number;
}

/**
 * What a load file's `setup()` and `teardown()` did: their own requests, apart from the run's.
 *
 * @example
 * ```ts
 * const l: LifecycleFigures = { setup: { requests: 1, ok: 1, failed: 0, ms: 14 } }
 * ```
 */
export interface LifecycleFigures {
  readonly setup?: HookResult;
  readonly teardown?: HookResult;
}

/**
 * One hook's figures: its requests, how long it took, and what it threw, if it did.
 *
 * @example
 * ```ts
 * const h: HookResult = { requests: 1, ok: 0, failed: 1, ms: 20, error: 'teardown() threw Error: 404' }
 * ```
 */
export interface HookResult {
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly ms: number;
  readonly error?: string;
}
