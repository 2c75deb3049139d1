export { textReport } from './text-report.js';
export { markdownReport } from './markdown-report.js';
export { writeOutputs, DEFAULT_FORMATS } from './write-outputs.js';
export { csvReport } from './csv-report.js';
export { junitReport } from './junit-report.js';
export { FORMATS, isFormat, type Format } from './formats.js';
export { runSections, acceptanceTable, headline, verdictLine, type Section } from './sections.js';
export { renderTextTable, renderMarkdownTable, displayWidth, type Table } from './table.js';
export { checkLabel, WORDS } from './labels.js';
