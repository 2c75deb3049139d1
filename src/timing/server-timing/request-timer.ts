import { performance } from 'node:perf_hooks';
import { formatServerTiming, type TimingMetric } from '../../core/server-timing/format.js';
import { afterSettled } from '../phases/after-settled.js';

/** Most metrics one response carries; a handler in a loop must not grow a header without bound. */
export const MAX_REQUEST_PHASES = 32;

/**
 * The timer of one request: wall time only (CPU and memory of a process serving many requests
 * at once belong to none of them), cheap enough for every request.
 *
 * @example
 * ```ts
 * const t = timerOf(req)!
 * const user = await db.user(id); t.phaseEnd('db')
 * const html = await t.phase('render', () => render(user))
 * ```
 */
export class RequestTimer {
  /** When the request reached the middleware, on the `performance.now()` clock. */
  readonly startMs = performance.now();
  private last = this.startMs;
  private readonly metrics: TimingMetric[] = [];
  /** Phases beyond {@link MAX_REQUEST_PHASES}, not sent. */
  dropped = 0;

  /** Ends the phase begun at the previous boundary (or the request's start); returns its ms. */
  phaseEnd(name: string, desc?: string): number {
    const now = performance.now();
    const dur = now - this.last;
    this.last = now;
    this.push({ name, durMs: dur, ...(desc === undefined ? {} : { desc }) });
    return dur;
  }

  /** Times `fn` (sync or async) as a phase of its own; ends the phase even if `fn` throws. */
  phase<T>(name: string, fn: () => T): T {
    const from = performance.now();
    const close = (): void => {
      const now = performance.now();
      this.push({ name, durMs: now - from });
      if (now > this.last) this.last = now;
    };
    return afterSettled(fn, close);
  }

  /** Adds a duration measured elsewhere (an upstream's own timing, say). */
  add(name: string, durMs: number, desc?: string): void {
    this.push({ name, durMs, ...(desc === undefined ? {} : { desc }) });
  }

  /** The phases so far. */
  phases(): readonly TimingMetric[] {
    return this.metrics;
  }

  /** The `Server-Timing` value: each phase, then `total` (ms since the request arrived) unless `total` is false. */
  header(total = true): string {
    const all = total ? [...this.metrics, { name: 'total', durMs: performance.now() - this.startMs }] : this.metrics;
    return formatServerTiming(all);
  }

  private push(m: TimingMetric): void {
    if (this.metrics.length >= MAX_REQUEST_PHASES) this.dropped++;
    else this.metrics.push(m);
  }
}
