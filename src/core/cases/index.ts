export { type CaseSource, noCases, shuffledCases, stripedCases } from './case-source.js';
export { caseWarnings } from './case-warnings.js';
export { type CaseFileSpec, loadCaseGroups, parseCaseSpec } from './load-cases.js';
export { collectCases, type ParsedCases, parseCaseLine, parseCases } from './parse-cases.js';
export { seededRandom, shuffleInPlace } from './random.js';
export { type FileLine, readLines } from './read-lines.js';
export type { CaseGroup, TestCase } from './test-case.js';
