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
