/**
 * The bounds a plan is held to and its result files are read back by, in one place: what lptf
 * writes, lptf reads. (A 3000 h run and a file of 1,500 scenarios were once run and written, then
 * refused by `lptf report`, `merge` and the checkpoint reader.)
 */

import { MAX_READ_BACK_BYTES } from '../../output/index.js';

/** The longest time a result file may state (a run's, a schedule's, a timeout): 1e10 ms, 115 days. */
export const MAX_RUN_MS = 1e10;

/**
 * The longest a run may send (its duration, its stages together, a warm-up): 6 days, about the
 * most a run of one group's per-second figures fit in what lptf reads back
 * ({@link maxSecondsFor}); a run of more groups is bounded shorter, in `resolvePlan`.
 */
export const MAX_DURATION_MS = 6 * 86_400_000;

/** The longest a request may wait for its answer. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** The most seconds a result's series holds: the longest run's, and its last answer's wait. */
export const MAX_SECONDS = Math.ceil((MAX_DURATION_MS + MAX_TIMEOUT_MS) / 1000) + 2;

/** The most scenarios a load file may hold. */
export const MAX_SCENARIOS = 1000;

/** The most groups a run records under (every scenario's, every step of every flow): well within what a result file's records hold. */
export const MAX_GROUPS = 5000;

/**
 * About how many bytes of measure.json (the larger of a run's result files) a second of a run
 * makes, and each group more: its histogram and counts (~410 bytes a second with one group,
 * measured), then ~50 bytes for each group's counts.
 */
const SECOND_BYTES = 450;
const GROUP_SECOND_BYTES = 50;

/**
 * About how large a run's measure.json grows: `ms` of per-second figures in `groups` groups.
 *
 * @example
 * ```ts
 * resultBytes(1_800_000, 2) // 990000: a 30-minute run of two groups, about 1 MB
 * ```
 */
export function resultBytes(ms: number, groups: number): number {
  return Math.ceil(ms / 1000) * (SECOND_BYTES + GROUP_SECOND_BYTES * groups);
}

/**
 * The longest a run of `groups` groups may last for its results to be read back.
 *
 * @example
 * ```ts
 * maxSecondsFor(1) // 536870: about 6 days
 * ```
 */
export function maxSecondsFor(groups: number): number {
  return Math.floor(MAX_READ_BACK_BYTES / (SECOND_BYTES + GROUP_SECOND_BYTES * groups));
}
