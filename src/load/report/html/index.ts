export {
  type Bound,
  boundsOf,
  type ChartData,
  chartData,
  type ServerLine,
  type StageSpan,
  stageSpans,
} from './chart-data.js';
export {
  type ChartFigure,
  chartFigures,
  htmlReport,
  LOAD_CHARTS,
  loadCharts,
  runMetadata,
  SERVER_CHART,
  verdictClass,
} from './html-report.js';
