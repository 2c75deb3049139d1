export type { Check, CheckMetric, CheckResult, CheckUnit, CompareOp } from './check.js';
export { parseCheck, CHECK_FORMS } from './parse-check.js';
export { evaluateChecks, measure, compare, shareBounds } from './evaluate.js';
export { formatThreshold } from './format-check.js';
