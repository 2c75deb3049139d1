export { type ExposedSample, parseExposition } from './exposition.js';
export type { ServerKind, ServerSample, ServerSource } from './server-sample.js';
export {
  type ServerReadings,
  type ServerWatch,
  startServerWatch,
  type WatchPlan,
  watchesAnything,
} from './server-watch.js';
