export { parseStatusRanges } from '../../core/checks/status-ranges.js';
export { type FieldSpec, longFlag, type PlanInput, pickField, type Sourced } from '../fields/field.js';
export { loadConfigFile, parseConfig } from './config-file.js';
export { envLayer } from './env-layer.js';
export { type Lang, PLAN_DEFAULTS, type Plan } from './plan.js';
export { ownFields, planFields, protocolFields } from './plan-fields.js';
export { type Preset, presets } from './presets.js';
export { type ResolvedPlan, resolvePlan, withPreset } from './resolve-plan.js';
export { parseSegment, parseStartAt, plannedRate, type Segment } from './segment.js';
