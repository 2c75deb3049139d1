export type { SlotSchema, TypeSpec, ModeSpec, SlotSpec, ValueSpec, DateFormat } from './schema.js';
export { VALUE_KINDS } from './schema.js';
export { loadSchema } from './load-schema.js';
export { generateCases, MAX_CASES, type GenerateOptions, type Generated, type AbnormalCase } from './generate.js';
export { ABNORMAL_CATEGORIES, type AbnormalCategory } from './abnormal.js';
export { coverage, type Coverage } from './coverage.js';
export { compilePattern } from './pattern.js';
