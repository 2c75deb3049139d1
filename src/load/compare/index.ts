export { compareKind } from './compare-kind.js';
export { type Comparison, compareHtml, compareMarkdown, compareText } from './compare-report.js';
export { compareSections } from './compare-sections.js';
export { countDelta, msDelta, ppDelta, unitDelta } from './delta.js';
export { planDifferences } from './plan-differences.js';
