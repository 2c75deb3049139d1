export { PLAN_DEFAULTS, type Plan, type Lang, type WidgetPlan } from './plan.js';
export { envLayer, ENV_FIELDS } from './env-layer.js';
export { PLAN_FIELDS, pickField, type PlanInput, type PlanField, type Sourced } from './plan-input.js';
export { PRESETS } from './presets.js';
export { parseStatusRanges } from './status-ranges.js';
export { resolvePlan, type ResolvedPlan } from './resolve-plan.js';
export { parseSegment, parseStartAt, type Segment } from './segment.js';
