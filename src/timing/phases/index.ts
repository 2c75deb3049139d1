export { afterSettled } from './after-settled.js';
export { CPU_SCOPE, type CpuScope, cpuNow } from './cpu-clock.js';
export { phaseBars, phaseHtml, phaseMarkdown, phaseSections, phaseSvg, phaseTable, phaseText } from './phase-report.js';
export type { PhaseRecord, PhaseTimerResult } from './phase-result.js';
export { MAX_PHASE_NAME, PhaseTimer, PhaseTimerError, type PhaseTimerOptions } from './phase-timer.js';
export { phasesKind } from './phases-kind.js';
