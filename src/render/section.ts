import type { Table } from './table.js';

/**
 * One block of a report: a heading, then lines of text and/or a table. Every reporter (text,
 * Markdown, HTML) renders the same sections, so they can never disagree.
 *
 * @example
 * ```ts
 * const s: Section = { id: 'errors', title: 'Errors', lines: ['refused: 12'] }
 * ```
 */
export interface Section {
  /** A stable name (`acceptance`, `requests`, `errors`, …) for anchors and for picking sections. */
  readonly id: string;
  readonly title: string;
  readonly lines?: readonly string[];
  readonly table?: Table;
}
