export { LoadRun, type LoadRunOptions, type RunTiming } from './load-run.js';
export { startLoadTest, type StartOptions, type LoadTestHandle } from './start-load-test.js';
export { Fifo } from './fifo.js';
export { statusOutcome, type Outcome } from './outcome.js';
