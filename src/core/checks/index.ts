export type { Check, CheckMetric, CheckResult, CheckUnit, CompareOp } from './check.js';
export { compare, evaluateChecks, measure, shareBounds } from './evaluate.js';
export { formatThreshold } from './format-check.js';
export { CHECK_FORMS, parseCheck } from './parse-check.js';
