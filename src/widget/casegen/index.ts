export { ABNORMAL_CATEGORIES, type AbnormalCategory } from './abnormal.js';
export { type Coverage, coverage } from './coverage.js';
export { type AbnormalCase, type Generated, type GenerateOptions, generateCases, MAX_CASES } from './generate.js';
export { loadSchema } from './load-schema.js';
export { compilePattern } from './pattern.js';
export type { DateFormat, ModeSpec, SlotSchema, SlotSpec, TypeSpec, ValueSpec } from './schema.js';
export { VALUE_KINDS } from './schema.js';
