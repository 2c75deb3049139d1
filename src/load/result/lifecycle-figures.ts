import type { HookFigures } from '../script/index.js';

/**
 * What a load file's `setup()` and `teardown()` did: their own requests, apart from the run's.
 *
 * @example
 * ```ts
 * const l: LifecycleFigures = { setup: { requests: 1, ok: 1, failed: 0, ms: 14 } }
 * ```
 */
export interface LifecycleFigures {
  readonly setup?: HookFigures;
  readonly teardown?: HookFigures;
}
