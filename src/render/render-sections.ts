import type { Section } from './section.js';
import { renderMarkdownTable, renderTextTable } from './table.js';

/**
 * Sections for the console: each title, its aligned table, then its lines indented, and a blank
 * line. Every text reporter (runs, comparisons, straight tests, benchmarks) renders through it.
 *
 * @example
 * ```ts
 * sectionsToText([{ id: 'notes', title: 'Notes', lines: ['x'] }]) // ['Notes', '  x', '']
 * ```
 */
export function sectionsToText(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => [
    s.title,
    ...(s.table ? [renderTextTable(s.table)] : []),
    ...(s.lines ?? []).map((l) => `  ${l}`),
    '',
  ]);
}

/**
 * Sections as Markdown: a `##` heading, the table, the lines as a list, or, for the sections
 * named in `codeBlocks`, the lines in a code block (so a bar chart keeps its shape).
 *
 * @example
 * ```ts
 * sectionsToMarkdown(sections, ['bars'])
 * ```
 */
export function sectionsToMarkdown(sections: readonly Section[], codeBlocks: readonly string[] = []): string[] {
  return sections.flatMap((s) => {
    const out = [`## ${s.title}`, ''];
    if (s.table) out.push(renderMarkdownTable(s.table), '');
    if (s.lines)
      out.push(...(codeBlocks.includes(s.id) ? ['```', ...s.lines, '```'] : s.lines.map((l) => `- ${l}`)), '');
    return out;
  });
}
