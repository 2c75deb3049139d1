export { splitCsv } from '../../core/cases/index.js';
export { type CaseFileReport, checkCaseFile, MAX_LISTED_PROBLEMS } from './check-cases.js';
export { type SampleOptions, sampleCases } from './sample-cases.js';
export { seedLine } from './seed-line.js';
