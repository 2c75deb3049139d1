export type { RunResult, ScopeResult, GeneratorHealth } from './run-result.js';
export { buildResult, type BuildInput, type ProcessUsage, type ResultPlan } from './build-result.js';
export { shareKey } from './share-key.js';
export { runNotes, generatorReasons } from './notes.js';
export { measurementOf, type Measurement } from './measurement.js';
