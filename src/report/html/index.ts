export { htmlReport, chartFigures, runMetadata, verdictClass, LOAD_CHARTS, type ChartFigure } from './html-report.js';
export { htmlPage, type PageParts } from './html-page.js';
export { htmlTable, htmlSection, type HtmlTableOptions } from './html-table.js';
export { chartData, boundsOf, type ChartData, type Bound } from './chart-data.js';
export { escapeHtml, scriptJson } from './escape.js';
export { pageAssets, cspHash, type PageAssets } from './assets.js';
