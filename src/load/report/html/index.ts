export { type Bound, boundsOf, type ChartData, chartData } from './chart-data.js';
export { type ChartFigure, chartFigures, htmlReport, LOAD_CHARTS, runMetadata, verdictClass } from './html-report.js';
