export type { ProcessUsage } from '../../core/run/usage-probe.js';
export { type BuildInput, buildResult, type ResultPlan } from './build-result.js';
export { inLang } from './in-lang.js';
export type { LifecycleFigures } from './lifecycle-figures.js';
export { loadWords, partsOf, plannedWords, requestWords, stagesOf } from './load-words.js';
export { type Measurement, measurementOf } from './measurement.js';
export { checkedMeasurement, checkedRecorderState } from './measurement-schema.js';
export { generatorReasons, runNotes, type Said } from './notes.js';
export { count, figure } from './read-back.js';
export type { GeneratorHealth, MachineInfo, RunResult, ScopeResult, StageResult } from './run-result.js';
export { checkedRunResult } from './run-result-schema.js';
export {
  type ServerResult,
  type ServerSecond,
  type ServerSeries,
  serverFigures,
  serverSeries,
  summarizeServer,
} from './server-result.js';
export { shareKey } from './share-key.js';
export { type Verdict, verdictOf } from './verdict.js';
export type { WarmupResult } from './warmup-result.js';
