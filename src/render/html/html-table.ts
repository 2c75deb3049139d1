import type { Section } from '../section.js';
import type { Table } from '../table.js';
import { escapeHtml } from './escape.js';

/**
 * Options for {@link htmlTable}: a class for the table, a class for each row, and a class for
 * the cells of one column.
 *
 * @example
 * ```ts
 * const o: HtmlTableOptions = { className: 'acceptance', rowClass: (i) => (i === 0 ? 'pass' : 'fail') }
 * ```
 */
export interface HtmlTableOptions {
  readonly className?: string;
  readonly rowClass?: (row: number) => string;
  readonly columnClass?: Readonly<Record<number, string>>;
}

/**
 * Renders a table as HTML; every header and cell is escaped.
 *
 * @example
 * ```ts
 * htmlTable({ headers: ['kind'], rows: [['<b>']] }) // '<table><thead><tr><th>kind</th>…&lt;b&gt;…'
 * ```
 */
export function htmlTable(table: Table, options: HtmlTableOptions = {}): string {
  const cls = (c: string | undefined): string => (c ? ` class="${escapeHtml(c)}"` : '');
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row, r) => {
      const cells = row.map((cell, i) => {
        const align = table.align?.[i];
        const classes = [align === 'r' || align === 'c' ? align : '', options.columnClass?.[i] ?? '']
          .filter(Boolean)
          .join(' ');
        return `<td${cls(classes)}>${escapeHtml(cell)}</td>`;
      });
      return `<tr${cls(options.rowClass?.(r))}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table${cls(options.className)}><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Renders a report section as HTML: a heading, its table, its lines as a list.
 *
 * @example
 * ```ts
 * htmlSection({ id: 'notes', title: 'Notes', lines: ['the target was down'] })
 * ```
 */
export function htmlSection(section: Section, options: HtmlTableOptions = {}): string {
  const parts = [`<h2>${escapeHtml(section.title)}</h2>`];
  if (section.table) parts.push(htmlTable(section.table, options));
  if (section.lines)
    parts.push(`<ul class="lines">${section.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  return `<section id="${escapeHtml(section.id)}">${parts.join('\n')}</section>`;
}
