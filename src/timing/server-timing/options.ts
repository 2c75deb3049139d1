/**
 * Options of every timing middleware.
 *
 * @example
 * ```ts
 * const o: TimingOptions = { allowOrigin: 'https://app.example.com' }
 * ```
 */
export interface TimingOptions {
  /** Add a `total` metric: ms from the middleware to the response headers (default true). */
  readonly total?: boolean;
  /**
   * Send `Timing-Allow-Origin` with this value, so pages on that origin can read the timings
   * (off by default: timings can tell an attacker about your backend).
   */
  readonly allowOrigin?: string;
}
