import { codeBlockSafe, markdownSafe, terminalSafe } from './safe-text.js';
import type { Section } from './section.js';
import { renderMarkdownTable, renderTextTable, type Table } from './table.js';

/** A table with every cell passed through `safe`. */
// A cell is one line: a line feed in one (a check's reason, a target's answer) would print a row of its own.
const safeTable = (t: Table, safe: (s: string) => string): Table => ({
  ...t,
  headers: t.headers.map((c) => safe(c).replace(/\n/g, '\\n')),
  rows: t.rows.map((r) => r.map((c) => safe(c).replace(/\n/g, '\\n'))),
});

/**
 * Sections for the console: each title, its aligned table, then its lines indented, and a blank
 * line. Every text reporter (runs, comparisons, straight tests, benchmarks) renders through it,
 * so every one shows a target's control characters escaped, never raw.
 *
 * @example
 * ```ts
 * sectionsToText([{ id: 'notes', title: 'Notes', lines: ['x'] }]) // ['Notes', '  x', '']
 * ```
 */
export function sectionsToText(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => [
    terminalSafe(s.title),
    ...(s.table ? [renderTextTable(safeTable(s.table, terminalSafe))] : []),
    ...(s.lines ?? []).map((l) => `  ${terminalSafe(l)}`),
    '',
  ]);
}

/**
 * Sections as Markdown: a `##` heading, the table, the lines as a list, or, for the sections
 * named in `codeBlocks`, the lines in a code block (so a bar chart keeps its shape). Outside code,
 * HTML is escaped: a target's markup shows as text wherever the report is rendered.
 *
 * @example
 * ```ts
 * sectionsToMarkdown(sections, ['bars'])
 * ```
 */
export function sectionsToMarkdown(sections: readonly Section[], codeBlocks: readonly string[] = []): string[] {
  return sections.flatMap((s) => {
    const out = [`## ${markdownSafe(s.title)}`, ''];
    if (s.table) out.push(renderMarkdownTable(safeTable(s.table, markdownSafe)), '');
    if (s.lines)
      out.push(
        ...(codeBlocks.includes(s.id)
          ? ['```', ...s.lines.map(codeBlockSafe), '```']
          : s.lines.map((l) => `- ${markdownSafe(l)}`)),
        '',
      );
    return out;
  });
}
