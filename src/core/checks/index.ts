export {
  type Check,
  type CheckMetric,
  type CheckResult,
  type CheckUnit,
  type CheckWindow,
  type CompareOp,
  isRunCheck,
  isServerCheck,
} from './check.js';
export { compare } from './compare.js';
export { type Decision, decideCheck, isDecidable } from './decide.js';
export { evaluateChecks, measure, type PlannedLoad, type ServerFigures, shareBounds } from './evaluate.js';
export { formatThreshold } from './format-check.js';
export { CHECK_FORMS, inStage, MAX_WINDOW_SEC, parseCheck } from './parse-check.js';
export { judgeWindows, WindowJudge } from './window-judge.js';
