import {
  displayWidth,
  escapeHtml,
  htmlPage,
  htmlSection,
  type Section,
  sectionsToMarkdown,
  sectionsToText,
  type Table,
} from '../../render/index.js';
import type { PhaseRecord, PhaseTimerResult } from './phase-result.js';

const BAR_WIDTH = 40;
const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3));
const mb = (n: number | null): string => (n === null ? 'n/a' : n.toFixed(1));
const signed = (n: number | null): string => (n === null ? 'n/a' : `${n > 0 ? '+' : ''}${n.toFixed(1)}`);

/** A phase in the tree: its depth, and the wall time its share is of (its parent's, or the total). */
interface TreeRow {
  readonly phase: PhaseRecord;
  readonly depth: number;
  readonly ofMs: number;
}

/**
 * The phases as a tree, in the order they began, each parent before its children: a nested
 * phase's share is of its parent, so a parent's children and its self time add up to 100%.
 *
 * @example
 * ```ts
 * phaseTree(result).map((row) => `${'  '.repeat(row.depth)}${row.phase.name}`)
 * ```
 */
export function phaseTree(r: PhaseTimerResult): TreeRow[] {
  const byId = new Map(r.phases.map((p) => [p.id, p]));
  const depthOf = (p: PhaseRecord): number => {
    let depth = 0;
    for (let at = p.parent; at !== null && depth < 64; at = byId.get(at)?.parent ?? null) depth++;
    return depth;
  };
  const rows = r.phases.map((phase) => ({
    phase,
    depth: depthOf(phase),
    ofMs: phase.parent === null ? r.totalMs : (byId.get(phase.parent)?.wallMs ?? r.totalMs),
  }));
  // Depth first, children under their parent, siblings by start.
  const children = new Map<number | null, TreeRow[]>();
  for (const row of rows) {
    const parent = row.phase.parent !== null && byId.has(row.phase.parent) ? row.phase.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: TreeRow[] = [];
  const walk = (parent: number | null): void => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => a.phase.startMs - b.phase.startMs || a.phase.id - b.phase.id,
    );
    for (const row of list) {
      out.push(row);
      walk(row.phase.id);
    }
  };
  walk(null);
  return out;
}

/** A phase's name, indented under its parent. */
const treeName = (row: TreeRow): string => `${'  '.repeat(row.depth)}${row.depth > 0 ? '└ ' : ''}${row.phase.name}`;

/**
 * The table of a straight test: one row per phase, nested phases under their parent, with wall
 * and self time, its share (of the parent, or of the total), CPU time and utilisation, memory at
 * the end and its change, GC and event-loop utilisation.
 *
 * @example
 * ```ts
 * renderTextTable(phaseTable(result))
 * ```
 */
export function phaseTable(r: PhaseTimerResult): Table {
  const cpu = `CPU ${r.cpuScope} user/sys ms`;
  const nested = r.phases.some((p) => p.parent !== null);
  return {
    headers: [
      '#',
      'phase',
      'wall ms',
      ...(nested ? ['self ms'] : []),
      nested ? 'share of parent' : 'share',
      cpu,
      'CPU use',
      'RSS MB (Δ)',
      'heap MB (Δ)',
      'GC n / ms',
      'loop busy',
    ],
    rows: phaseTree(r).map((row, i) => {
      const p = row.phase;
      return [
        String(i + 1),
        treeName(row),
        ms(p.wallMs),
        ...(nested ? [ms(p.selfMs)] : []),
        row.ofMs > 0 ? `${((100 * p.wallMs) / row.ofMs).toFixed(1)}%` : 'n/a',
        `${ms(p.cpuUserMs)} / ${ms(p.cpuSystemMs)}`,
        p.cpuUtilization === null ? 'n/a' : `${(100 * p.cpuUtilization).toFixed(0)}%`,
        p.rssMB === null ? 'off' : `${mb(p.rssMB)} (${signed(p.rssDeltaMB)})`,
        p.heapUsedMB === null ? 'off' : `${mb(p.heapUsedMB)} (${signed(p.heapDeltaMB)})`,
        p.gcCount === null ? 'off' : `${p.gcCount} / ${ms(p.gcPauseMs ?? 0)}`,
        p.eventLoopUtilization === null ? 'n/a' : `${(100 * p.eventLoopUtilization).toFixed(0)}%`,
      ];
    }),
    align: ['r', 'l', 'r', ...(nested ? (['r'] as const) : []), 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  };
}

/**
 * A horizontal bar per phase, scaled to the longest, for the terminal.
 *
 * @example
 * ```ts
 * phaseBars(result) // ['Phase1 ██▌ 12.0 ms', …]
 * ```
 */
export function phaseBars(r: PhaseTimerResult): string[] {
  const rows = phaseTree(r);
  const longest = Math.max(0, ...r.phases.map((p) => p.wallMs));
  const width = Math.max(0, ...rows.map((row) => displayWidth(treeName(row))));
  return rows.map((row) => {
    const p = row.phase;
    const name = treeName(row);
    const eighths = longest > 0 ? Math.round((BAR_WIDTH * 8 * p.wallMs) / longest) : 0;
    const bar = '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? (' ▏▎▍▌▋▊▉'[eighths % 8] as string) : '');
    return `${name}${' '.repeat(width - displayWidth(name))} ${bar.padEnd(BAR_WIDTH)} ${ms(p.wallMs)} ms`;
  });
}

/**
 * The sections every format of a straight test shares.
 *
 * @example
 * ```ts
 * phaseSections(result).map((s) => s.id) // ['phases', 'bars', 'totals']
 * ```
 */
export function phaseSections(r: PhaseTimerResult): Section[] {
  return [
    { id: 'phases', title: 'Phases', table: phaseTable(r) },
    { id: 'bars', title: 'Wall time by phase', lines: phaseBars(r) },
    {
      id: 'totals',
      title: 'Totals',
      lines: [
        `total ${ms(r.totalMs)} ms over ${r.phases.length} phase(s)${r.unclaimedMs > 0.001 ? `, ${ms(r.unclaimedMs)} ms claimed by no phase` : ''}${r.ended ? '' : ' (still running)'}`,
        `CPU is the ${r.cpuScope === 'thread' ? "calling thread's" : "whole process's (this Node has no per-thread CPU clock)"}; CPU use is CPU time over wall time (100% = one core); ${r.memory ? 'memory sampled at each phase end' : 'memory sampling off'}; ${r.gc ? 'GC pauses counted per phase' : 'GC not tracked'}`,
        `Node ${r.meta.node}, ${r.meta.platform}/${r.meta.arch}, started ${r.startedAt}`,
      ],
    },
  ];
}

/**
 * A straight test for the console: the table, then a bar chart of wall time.
 *
 * @example
 * ```ts
 * process.stdout.write(phaseText(timer.end('last')))
 * ```
 */
export function phaseText(r: PhaseTimerResult): string {
  const out = [`lptf straight test: ${r.name}`, ''];
  out.push(...sectionsToText(phaseSections(r)));
  return out.join('\n');
}

/**
 * A straight test as Markdown (the bar chart in a code block, so it keeps its shape).
 *
 * @example
 * ```ts
 * await writeFile('phases.md', phaseMarkdown(result))
 * ```
 */
export function phaseMarkdown(r: PhaseTimerResult): string {
  const out = [`# lptf straight test: ${r.name}`, ''];
  out.push(...sectionsToMarkdown(phaseSections(r), ['bars']));
  return out.join('\n');
}

/**
 * An inline SVG bar chart of the phases' wall time: drawn without script, so it prints.
 *
 * @example
 * ```ts
 * phaseSvg(result) // '<svg …><rect …/>…</svg>'
 * ```
 */
export function phaseSvg(r: PhaseTimerResult): string {
  const row = 26;
  const label = 180;
  const width = 860;
  const longest = Math.max(1e-9, ...r.phases.map((p) => p.wallMs));
  const bars = phaseTree(r).map((tree, i) => {
    const p = tree.phase;
    const w = Math.max(1, ((width - label - 110) * p.wallMs) / longest);
    const y = i * row + 4;
    return `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(treeName(tree).slice(0, 40))}</text><rect x="${label}" y="${y}" width="${w.toFixed(1)}" height="${row - 8}" fill="#1f77b4"/><text x="${(label + w + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(ms(p.wallMs))} ms</text>`;
  });
  return `<svg class="phase-bars" role="img" aria-label="wall time by phase" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${r.phases.length * row + 8}" font-size="13" font-family="system-ui, sans-serif">${bars.join('')}</svg>`;
}

/**
 * A straight test as a self-contained HTML page: the bar chart (SVG) and the table.
 *
 * @example
 * ```ts
 * await writeFile('phases.html', phaseHtml(result))
 * ```
 */
export function phaseHtml(r: PhaseTimerResult): string {
  const [table, , totals] = phaseSections(r);
  const body = `<header><h1>lptf straight test: ${escapeHtml(r.name)}</h1></header>
<main>
<section id="bars"><h2>Wall time by phase</h2>${phaseSvg(r)}</section>
${htmlSection(table as Section)}
${htmlSection(totals as Section)}
</main>`;
  return htmlPage({ title: `lptf straight test: ${r.name}`, lang: 'en', body, data: {} });
}
