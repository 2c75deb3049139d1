export { type LatencyHistogram, MAX_TRACKED_US, newLatencyHistogram, percentileMs, recordMs } from './histogram.js';
export { checkHistogram, decodeHistogram, encodeHistogram, type HistogramState } from './histogram-state.js';
export { addExact, type ExactStats, type LatencySummary, newExactStats, summarize } from './latency-summary.js';
export { appendSeconds, mergeRecorderStates } from './merge-states.js';
export type { PhaseStatsState, PhaseTrackState } from './phase-stats.js';
export {
  MAX_PHASE_NAMES,
  OTHER_PHASES,
  OUTSIDE_PHASES,
  type PhaseRow,
  PhaseStats,
  type PhasesSummary,
} from './phase-stats.js';
export type { RecorderState } from './recorder.js';
export { Recorder } from './recorder.js';
export type { ScopeState } from './scope-stats.js';
export { type AnswerDetail, EXAMPLES_KEPT, type RequestCounts, ScopeStats, type ShareOp } from './scope-stats.js';
export type { SecondState } from './second-series.js';
export {
  type BoundCount,
  type GroupSecond,
  OpenSecond,
  RECENT_SECONDS,
  SecondSeries,
  type SecondSummary,
} from './second-series.js';
export { percentileSpectrum, type SpectrumPoint } from './spectrum.js';
export { type WireSummary, WireTimes, type WireTimesState, type WireTiming } from './wire-times.js';
