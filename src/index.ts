// The library's entry: the protocols, presets and result types lptf ships are registered first.
import './builtins.js';
import './result-types.js';

export {
  type CaseGroup,
  type CaseSource,
  loadCaseGroups,
  noCases,
  parseCases,
  readLines,
  shuffledCases,
  type TestCase,
} from './core/cases/index.js';
export {
  CHECK_FORMS,
  type Check,
  type CheckResult,
  evaluateChecks,
  parseCheck,
  shareBounds,
} from './core/checks/index.js';
export { InvalidInputError, LptfError, type Problem, UsageError } from './core/errors/index.js';
// The exit codes `lptf run` gates CI with, for a script that runs a test through the library.
export { EXIT, runExitCode } from './core/exit-codes.js';
export {
  type LatencySummary,
  mergeRecorderStates,
  Recorder,
  type RecorderState,
  type RequestCounts,
  ScopeStats,
  SecondSeries,
  type SecondSummary,
} from './core/recorder/index.js';
export { Registry } from './core/registry.js';
export { constantRate, type Schedule, stripedSchedule } from './core/schedule/index.js';
export { compileTemplate, type Template } from './core/template/index.js';
export {
  errorKind,
  type HttpRequest,
  type HttpResponse,
  h1Transport,
  type Transport,
  type TransportOptions,
  undiciTransport,
} from './core/transport/index.js';
export { type K8sOptions, k8sManifests, manifestsYaml } from './load/k8s/index.js';
export { type MeasurementFile, mergeMeasurements } from './load/merge/index.js';
export {
  type FieldSpec,
  type Lang,
  loadConfigFile,
  PLAN_DEFAULTS,
  type Plan,
  type PlanInput,
  type Preset,
  parseConfig,
  parseStatusRanges,
  planFields,
  presets,
  type ResolvedPlan,
  resolvePlan,
} from './load/plan/index.js';
export type { BoundProtocol, Protocol, ProtocolContext, RequestPlan } from './load/protocol/protocol.js';
export { protocols } from './load/protocol/protocols.js';
export { markdownReport, runKind, textReport } from './load/report/index.js';
export {
  buildResult,
  type GeneratorHealth,
  type Measurement,
  type RunResult,
  type ScopeResult,
} from './load/result/index.js';
export {
  type ClosedLoopOptions,
  ClosedLoopRun,
  type DurationText,
  Fifo,
  LoadRun,
  type LoadRunOptions,
  type LoadTestHandle,
  OutputsFailedError,
  type Run,
  type RunOptions,
  type RunOutputs,
  type RunTiming,
  resolveRun,
  run,
  type StartOptions,
  start,
  startLoadTest,
} from './load/run/index.js';
export {
  type CheckVerdict,
  type DataSource,
  type FeederMode,
  type LoadTest,
  type LoadTestOptions,
  loadTest,
  type RequestTemplate,
  type Scenario,
  type ScriptContext,
  type ScriptRequest,
  type ScriptResponse,
  type Step,
} from './load/script/load-test.js';
export { type Output, type Reporter, type ResultKind, readResult, resultKinds, writeReports } from './output/index.js';
export {
  type PhaseRecord,
  PhaseTimer,
  PhaseTimerError,
  type PhaseTimerOptions,
  type PhaseTimerResult,
  phaseHtml,
  phaseMarkdown,
  phasesKind,
  phaseText,
} from './timing/phases/index.js';
export {
  type CaseFileReport,
  checkCaseFile,
  type SampleOptions,
  sampleCases,
  seedLine,
} from './widget/casefile/index.js';
export {
  ABNORMAL_CATEGORIES,
  type AbnormalCase,
  type Coverage,
  coverage,
  type Generated,
  generateCases,
  loadSchema,
  MAX_CASES,
  type SlotSchema,
} from './widget/casegen/index.js';
export {
  checkWidgetReply,
  decryptMessage,
  encryptMessage,
  probeWidget,
  sign,
  type WidgetCredentials,
  type WidgetOptions,
  wechatWidget,
  widgetProtocol,
  widgetRequestBuilder,
} from './widget/protocol/index.js';
