export { checkCaseFile, MAX_LISTED_PROBLEMS, type CaseFileReport } from './check-cases.js';
export { sampleCases, splitCsv, type SampleOptions } from './sample-cases.js';
export { seedLine } from './seed-line.js';
