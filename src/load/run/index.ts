export { type ClosedLoopOptions, ClosedLoopRun } from '../../core/run/closed-loop-run.js';
export { Fifo } from '../../core/run/fifo.js';
export { LoadRun, type LoadRunOptions } from '../../core/run/load-run.js';
export { type Outcome, statusOutcome } from '../../core/run/outcome.js';
export { RequestSender, type SendOptions } from '../../core/run/request-sender.js';
export type { Run, RunTiming } from '../../core/run/run.js';
export type { LoadTestHandle, StartOptions } from './load-test-handle.js';
export { type RunOutputs, resolveRun, resolveRunOutputs } from './run-outputs.js';
export { startLoadTest } from './start-load-test.js';
