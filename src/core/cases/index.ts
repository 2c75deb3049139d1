export { type CaseSource, noCases, shuffledCases, stripedCases } from './case-source.js';
export { caseWarnings } from './case-warnings.js';
export { type CaseFileSpec, loadCaseGroups, parseCaseSpec } from './load-cases.js';
export { collectCases, MAX_CASE_DEPTH, MAX_CASES, type ParsedCases, parseCaseLine, parseCases } from './parse-cases.js';
export { seededRandom, shuffleInPlace } from './random.js';
export {
  type FileLine,
  FileTooLargeError,
  MAX_INPUT_BYTES,
  MAX_LINE_BYTES,
  NotAFileError,
  readLines,
} from './read-lines.js';
export { parseCsvRow, splitCsv } from './split-csv.js';
export type { CaseGroup, TestCase } from './test-case.js';
