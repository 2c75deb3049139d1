export { cspHash, type PageAssets, pageAssets } from './html/assets.js';
export { escapeHtml, scriptJson } from './html/escape.js';
export { htmlPage, type PageParts } from './html/html-page.js';
export { type HtmlTableOptions, htmlSection, htmlTable } from './html/html-table.js';
export { sectionsToMarkdown, sectionsToText } from './render-sections.js';
export { codeBlockSafe, markdownSafe, terminalSafe } from './safe-text.js';
export type { Section } from './section.js';
export { displayWidth, renderMarkdownTable, renderTextTable, type Table } from './table.js';
