export { PhaseTimer, PhaseTimerError, MAX_PHASE_NAME, type PhaseTimerOptions } from './phase-timer.js';
export type { PhaseRecord, PhaseTimerResult } from './phase-result.js';
export { CPU_SCOPE, cpuNow, type CpuScope } from './cpu-clock.js';
export { phaseText, phaseMarkdown, phaseHtml, phaseSvg, phaseTable, phaseBars, phaseSections } from './phase-report.js';
export { PHASE_FORMATS } from './phase-formats.js';
export { afterSettled } from './after-settled.js';
