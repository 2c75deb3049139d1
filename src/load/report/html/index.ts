export { htmlReport, chartFigures, runMetadata, verdictClass, LOAD_CHARTS, type ChartFigure } from './html-report.js';
export { htmlPage, type PageParts } from '../../../render/html/html-page.js';
export { htmlTable, htmlSection, type HtmlTableOptions } from '../../../render/html/html-table.js';
export { chartData, boundsOf, type ChartData, type Bound } from './chart-data.js';
export { escapeHtml, scriptJson } from '../../../render/html/escape.js';
export { pageAssets, cspHash, type PageAssets } from '../../../render/html/assets.js';
