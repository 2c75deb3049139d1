export { compareText, compareMarkdown, compareHtml, type Comparison } from './compare-report.js';
export { compareSections } from './compare-sections.js';
export { planDifferences } from './plan-differences.js';
export { msDelta, ppDelta, countDelta, unitDelta } from './delta.js';
