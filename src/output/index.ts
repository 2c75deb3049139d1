export { makeFolder } from './make-folder.js';
export type { Output } from './output.js';
export { MAX_READ_BACK_BYTES, ReadBudget } from './read-budget.js';
export type { Reporter } from './reporter.js';
export type { ResultKind } from './result-kind.js';
export { readResult, resultKinds } from './result-kinds.js';
export { writeFileAtomic } from './write-atomic.js';
export { writeReports } from './write-reports.js';
