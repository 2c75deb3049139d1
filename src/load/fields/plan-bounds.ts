/**
 * The bounds a plan is held to and its result files are read back by, in one place: what lptf
 * writes, lptf reads. (A 3000 h run and a file of 1,500 scenarios were once run and written, then
 * refused by `lptf report`, `merge` and the checkpoint reader.)
 */

/** The longest time a result file may state (a run's, a schedule's, a timeout): 1e10 ms, 115 days. */
export const MAX_RUN_MS = 1e10;

/** The longest a run may send (its duration, its stages together, a warm-up): a quarter of {@link MAX_RUN_MS}, 28 days. */
export const MAX_DURATION_MS = MAX_RUN_MS / 4;

/** The longest a request may wait for its answer. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** The most scenarios a load file may hold. */
export const MAX_SCENARIOS = 1000;

/** The most groups a run records under (every scenario's, every step of every flow): well within what a result file's records hold. */
export const MAX_GROUPS = 5000;
