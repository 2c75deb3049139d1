/**
 * A table to render: headers, rows of cells, and each column's alignment.
 *
 * @example
 * ```ts
 * const t: Table = { headers: ['check', 'share'], rows: [['within 170 ms', '98.2%']], align: ['l', 'r'] }
 * ```
 */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align?: readonly ('l' | 'r' | 'c')[];
}

/**
 * The number of terminal columns a string takes: CJK and full-width characters take two.
 *
 * @example
 * ```ts
 * displayWidth('170ms内处理') // 11
 * ```
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(text: string, width: number, align: 'l' | 'r' | 'c'): string {
  const gap = Math.max(0, width - displayWidth(text));
  if (align === 'r') return ' '.repeat(gap) + text;
  if (align === 'c') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(gap - Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

function widths(t: Table): number[] {
  return t.headers.map((h, i) => Math.max(displayWidth(h), ...t.rows.map((r) => displayWidth(r[i] ?? ''))));
}

/**
 * Renders a table for a terminal, columns aligned (CJK-aware) and separated by two spaces.
 *
 * @example
 * ```ts
 * renderTextTable({ headers: ['a', 'b'], rows: [['1', '2']] })
 * ```
 */
export function renderTextTable(t: Table): string {
  const w = widths(t);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => pad(c, w[i] ?? 0, t.align?.[i] ?? 'l'))
      .join('  ')
      .trimEnd();
  return [line(t.headers), w.map((n) => '-'.repeat(n)).join('  '), ...t.rows.map(line)].join('\n');
}

/**
 * Renders a GitHub-flavoured Markdown table; `|` in cells is escaped.
 *
 * @example
 * ```ts
 * renderMarkdownTable({ headers: ['a'], rows: [['x|y']] }) // '| a |\n|:---|\n| x\\|y |'
 * ```
 */
export function renderMarkdownTable(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const w = widths(t);
  const rule = t.headers.map((_, i) => {
    const a = t.align?.[i] ?? 'l';
    const dashes = '-'.repeat(Math.max(3, w[i] ?? 3));
    return a === 'r' ? `${dashes.slice(1)}:` : a === 'c' ? `:${dashes.slice(2)}:` : `:${dashes.slice(1)}`;
  });
  const row = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => pad(esc(c), w[i] ?? 0, t.align?.[i] ?? 'l')).join(' | ')} |`;
  return [row(t.headers), `|${rule.map((r) => ` ${r} `).join('|')}|`, ...t.rows.map(row)].join('\n');
}
