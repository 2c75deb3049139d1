export { widgetPackOutput } from './pack-output.js';
export { type PackedCases, packSections } from './pack-sections.js';
export { writeWidgetPack } from './write-pack.js';
