export {
  formatServerTiming,
  MAX_METRIC_NAME,
  quoted,
  type TimingMetric,
  timingToken,
} from '../core/server-timing/format.js';
export { MAX_HEADER_LENGTH, type ParsedTiming, parseServerTiming } from '../core/server-timing/parse.js';
export type { PhaseRecord, PhaseTimerResult } from './phases/phase-result.js';
export { PhaseTimer, PhaseTimerError } from './phases/phase-timer.js';
export { fastifyServerTiming } from './server-timing/fastify-plugin.js';
export { koaServerTiming } from './server-timing/koa-middleware.js';
export { serverTiming } from './server-timing/node-middleware.js';
export type { TimingOptions } from './server-timing/options.js';
export { MAX_REQUEST_PHASES, RequestTimer } from './server-timing/request-timer.js';
export { type SessionTimingOptions, sessionTiming } from './server-timing/session-timer.js';
export { attachTimer, timerOf } from './server-timing/timers.js';
