export { LoadRun, type LoadRunOptions } from '../../core/run/load-run.js';
export { ClosedLoopRun, type ClosedLoopOptions } from '../../core/run/closed-loop-run.js';
export { RequestSender, type SendOptions } from '../../core/run/request-sender.js';
export type { Run, RunTiming } from '../../core/run/run.js';
export { startLoadTest, type StartOptions, type LoadTestHandle } from './start-load-test.js';
export { Fifo } from '../../core/run/fifo.js';
export { statusOutcome, type Outcome } from '../../core/run/outcome.js';
