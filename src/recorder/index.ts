export { Recorder } from './recorder.js';
export { ScopeStats, EXAMPLES_KEPT, type RequestCounts, type ShareOp, type AnswerDetail } from './scope-stats.js';
export { SecondSeries, OpenSecond, RECENT_SECONDS, type SecondSummary } from './second-series.js';
export { newLatencyHistogram, recordMs, percentileMs, MAX_TRACKED_US, type LatencyHistogram } from './histogram.js';
export { summarize, newExactStats, addExact, type LatencySummary, type ExactStats } from './latency-summary.js';
export { percentileSpectrum, type SpectrumPoint } from './spectrum.js';
export { PhaseStats, MAX_PHASE_NAMES, OTHER_PHASES, OUTSIDE_PHASES, type PhaseRow, type PhasesSummary } from './phase-stats.js';
