// A load file's scenarios and feeders. What a load file imports, `lptf/load`, is `load-test.ts` alone.
export { type BoundScenarios, bindScenarios, type ScenarioPlan } from './bind-scenarios.js';
export { type Feeder, feederCursor, type Row, readFeeders } from './feeders.js';
export { HOOK_TIMEOUT_MS, type HookFigures, runHook, SetupFailedError, setupJson } from './lifecycle.js';
export {
  type CheckVerdict,
  type DataSource,
  type FeederMode,
  isLoadTest,
  type LifecycleContext,
  type LoadTest,
  type LoadTestOptions,
  loadTest,
  type RequestTemplate,
  type Scenario,
  type ScenarioProtocol,
  type ScriptContext,
  type ScriptRequest,
  type ScriptResponse,
  type Step,
} from './load-test.js';
export { scenarioMix } from './scenario-mix.js';
