export { textReport } from './text-report.js';
export { markdownReport } from './markdown-report.js';
export { writeOutputs } from './write-outputs.js';
export { runSections, acceptanceTable, headline, verdictLine, type Section } from './sections.js';
export { renderTextTable, renderMarkdownTable, displayWidth, type Table } from './table.js';
export { checkLabel, WORDS } from './labels.js';
