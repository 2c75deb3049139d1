export type { TestCase, CaseGroup } from './test-case.js';
export { parseCases, type ParsedCases } from './parse-cases.js';
export { loadCaseGroups, parseCaseSpec, type CaseFileSpec } from './load-cases.js';
export { shuffledCases, noCases, type CaseSource } from './case-source.js';
export { caseWarnings } from './case-warnings.js';
export { seededRandom, shuffleInPlace } from './random.js';
