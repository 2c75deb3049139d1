export type { TestCase, CaseGroup } from './test-case.js';
export { parseCases, parseCaseLine, collectCases, type ParsedCases } from './parse-cases.js';
export { readLines, type FileLine } from './read-lines.js';
export { loadCaseGroups, parseCaseSpec, type CaseFileSpec } from './load-cases.js';
export { shuffledCases, noCases, stripedCases, type CaseSource } from './case-source.js';
export { caseWarnings } from './case-warnings.js';
export { seededRandom, shuffleInPlace } from './random.js';
