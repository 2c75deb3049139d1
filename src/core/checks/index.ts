export {
  type Check,
  type CheckMetric,
  type CheckResult,
  type CheckUnit,
  type CompareOp,
  isRunCheck,
  isServerCheck,
} from './check.js';
export { compare, evaluateChecks, measure, type PlannedLoad, type ServerFigures, shareBounds } from './evaluate.js';
export { formatThreshold } from './format-check.js';
export { CHECK_FORMS, inStage, parseCheck } from './parse-check.js';
