export { LoadRun, type LoadRunOptions } from './load-run.js';
export { ClosedLoopRun, type ClosedLoopOptions } from './closed-loop-run.js';
export { RequestSender, type SendOptions } from './request-sender.js';
export type { Run, RunTiming } from './run.js';
export { startLoadTest, type StartOptions, type LoadTestHandle } from './start-load-test.js';
export { Fifo } from './fifo.js';
export { statusOutcome, type Outcome } from './outcome.js';
