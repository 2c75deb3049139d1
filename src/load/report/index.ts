export { csvReport } from './csv-report.js';
export { type ChartData, chartData, htmlReport } from './html/index.js';
export { junitReport } from './junit-report.js';
export { checkLabel, WORDS } from './labels.js';
export { markdownReport } from './markdown-report.js';
export { runKind } from './run-kind.js';
export { acceptanceTable, headline, runSections, verdictLine } from './sections.js';
export { textReport } from './text-report.js';
export { writeMeasurement } from './write-measurement.js';
