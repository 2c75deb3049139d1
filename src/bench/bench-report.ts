import {
  escapeHtml,
  htmlPage,
  htmlSection,
  type Section,
  sectionsToMarkdown,
  sectionsToText,
  type Table,
} from '../render/index.js';
import type { BenchRunResult, PairResult, SuiteResult } from './bench-result.js';
import type { Regression } from './compare-runs.js';

/**
 * A time in ns at a readable scale, three significant digits.
 *
 * @example
 * ```ts
 * formatNs(6129.4) // '6.13 µs'
 * ```
 */
export function formatNs(ns: number | null): string {
  if (ns === null) return 'n/a';
  const [v, unit] =
    ns >= 1e9 ? [ns / 1e9, 's'] : ns >= 1e6 ? [ns / 1e6, 'ms'] : ns >= 1e3 ? [ns / 1e3, 'µs'] : [ns, 'ns'];
  return `${Number(v.toPrecision(3))} ${unit}`;
}

const ratioText = (p: PairResult): string =>
  p.ratio === null
    ? ''
    : p.ratioLow === p.ratioHigh
      ? `${p.ratio}×`
      : `${Number(p.ratio.toPrecision(3))}× [${Number(p.ratioLow!.toPrecision(3))}, ${Number(p.ratioHigh!.toPrecision(3))}]`;

function status(p: PairResult): string {
  if (p.error) return `ERROR ${p.error}`;
  if (!p.valid) return `INVALID ${p.invalid ?? ''}`.trim();
  return [p.outliers ? `${p.outliers} outlier(s)` : '', ...p.warnings].filter(Boolean).join('; ');
}

/**
 * A suite's table: each (benchmark, case) with its median and 95% interval, ops/s, ratio to the
 * baseline with its interval, normalised time, allocation and notes.
 *
 * @example
 * ```ts
 * renderTextTable(suiteTable(result.suites[0]))
 * ```
 */
export function suiteTable(s: SuiteResult): Table {
  return {
    headers: [
      'benchmark',
      'case',
      'median',
      '95% CI',
      'ops/s',
      `× ${s.baseline ?? 'baseline'}`,
      'normalised',
      'samples × calls',
      'B/op',
      'notes',
    ],
    rows: s.pairs.map((p) => [
      p.benchmark,
      p.case,
      formatNs(p.medianNs),
      p.ciLowNs === null ? 'n/a' : `${formatNs(p.ciLowNs)} – ${formatNs(p.ciHighNs)}`,
      p.opsPerSec === null ? 'n/a' : Number(p.opsPerSec.toPrecision(3)).toLocaleString('en-US'),
      ratioText(p),
      p.normalized === null ? 'n/a' : String(Number(p.normalized.toPrecision(3))),
      `${p.samples} × ${p.batch}`,
      p.bytesPerOp === null ? 'n/a' : String(p.bytesPerOp),
      status(p),
    ]),
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  };
}

/**
 * The sections of a bench run: a table per suite with its run facts, then regressions.
 *
 * @example
 * ```ts
 * benchSections(result).map((s) => s.title)
 * ```
 */
export function benchSections(r: BenchRunResult, regressions: readonly Regression[] = []): Section[] {
  const sections: Section[] = r.suites.map((s) => ({
    id: `suite-${s.name}`,
    title: `${s.name} (${s.file})`,
    table: suiteTable(s),
    lines: [
      `loop overhead ${formatNs(s.overheadNs)} per call (an empty function); calibration loop ${formatNs(s.calibrationNs)} (the unit of "normalised")`,
      s.noiseFloor
        ? `noise floor: a hidden copy of ${s.baseline} measured ${s.noiseFloor.ratio}× [${s.noiseFloor.low}, ${s.noiseFloor.high}] of it${s.noiseFloor.containsOne ? '' : ' — the interval misses 1: this run was noisy; do not trust small ratios'}`
        : 'no baseline: set one to get ratios and the noise floor',
      ...(s.error ? [`ERROR: ${s.error}`] : []),
    ],
  }));
  if (regressions.length > 0) {
    sections.push({
      id: 'changes',
      title: r.options.against ? `Against ${r.options.against}, in the same rounds` : 'Against the saved run',
      table: {
        headers: ['suite', 'benchmark', 'case', 'before', 'now', 'change [95% CI]', 'verdict'],
        rows: regressions.map((g) => [
          g.suite,
          g.benchmark,
          g.case,
          formatNs(g.beforeNs),
          formatNs(g.nowNs),
          `${g.change} [${g.low}, ${g.high}]`,
          g.verdict,
        ]),
        align: ['l', 'l', 'l', 'r', 'r', 'r', 'l'],
      },
    });
  }
  return sections;
}

/**
 * A bench run for the console.
 *
 * @example
 * ```ts
 * process.stdout.write(benchText(result))
 * ```
 */
export function benchText(r: BenchRunResult, regressions: readonly Regression[] = []): string {
  const out = [
    `lptf bench — Node ${r.meta.node}, ${r.meta.platform}/${r.meta.arch}, ${r.options.rounds} randomized rounds, seed ${r.options.seed}`,
    '',
  ];
  out.push(...sectionsToText(benchSections(r, regressions)));
  return out.join('\n');
}

/**
 * A bench run as Markdown.
 *
 * @example
 * ```ts
 * await writeFile('bench.md', benchMarkdown(result))
 * ```
 */
export function benchMarkdown(r: BenchRunResult, regressions: readonly Regression[] = []): string {
  const out = [
    `# lptf bench`,
    '',
    `Node ${r.meta.node}, ${r.meta.platform}/${r.meta.arch}, ${r.meta.cpus} CPUs; ${r.options.rounds} randomized rounds, seed ${r.options.seed}.`,
    '',
  ];
  out.push(...sectionsToMarkdown(benchSections(r, regressions)));
  return out.join('\n');
}

/**
 * Every (suite, benchmark, case) as CSV, one row each.
 *
 * @example
 * ```ts
 * await writeFile('bench.csv', benchCsv(result))
 * ```
 */
export function benchCsv(r: BenchRunResult): string {
  const cols = [
    'suite',
    'benchmark',
    'case',
    'medianNs',
    'ciLowNs',
    'ciHighNs',
    'meanNs',
    'sdNs',
    'cv',
    'p75Ns',
    'p99Ns',
    'opsPerSec',
    'samples',
    'batch',
    'outliers',
    'valid',
    'ratio',
    'ratioLow',
    'ratioHigh',
    'normalized',
    'bytesPerOp',
    'error',
  ] as const;
  const cell = (v: unknown): string =>
    v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  const rows = r.suites.flatMap((s) => s.pairs.map((p) => cols.map((c) => cell(p[c])).join(',')));
  return `${cols.join(',')}\n${rows.map((x) => `${x}\n`).join('')}`;
}

/** An SVG chart of a suite: a bar per (benchmark, case) at its median, with its interval as a whisker, per case on its own scale. */
function suiteSvg(s: SuiteResult): string {
  const row = 22;
  const label = 220;
  const width = 860;
  const plot = width - label - 120;
  const parts: string[] = [];
  let y = 4;
  for (const c of s.cases) {
    const pairs = s.pairs.filter((p) => p.case === c && p.medianNs !== null);
    const max = Math.max(1e-9, ...pairs.map((p) => p.ciHighNs ?? p.medianNs ?? 0));
    parts.push(`<text x="4" y="${y + 14}" font-weight="600">${escapeHtml(c)}</text>`);
    y += row;
    for (const p of pairs) {
      const w = (plot * (p.medianNs ?? 0)) / max;
      const lo = (plot * (p.ciLowNs ?? 0)) / max;
      const hi = (plot * (p.ciHighNs ?? 0)) / max;
      const fill = p.valid && !p.error ? '#1f77b4' : '#c62828';
      parts.push(
        `<text x="${label - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(p.benchmark)}</text><rect x="${label}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" fill="${fill}"/>` +
          `<line x1="${(label + lo).toFixed(1)}" x2="${(label + hi).toFixed(1)}" y1="${y + row / 2}" y2="${y + row / 2}" stroke="#222"/><text x="${(label + Math.max(w, hi) + 6).toFixed(1)}" y="${y + 14}">${escapeHtml(formatNs(p.medianNs))}</text>`,
      );
      y += row;
    }
  }
  return `<svg class="bench-bars" role="img" aria-label="median time per call" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 4}" font-size="13" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

/**
 * A bench run as a self-contained HTML page: per suite, a chart (median bars with their 95%
 * intervals, per case) and the table.
 *
 * @example
 * ```ts
 * await writeFile('bench.html', benchHtml(result))
 * ```
 */
export function benchHtml(r: BenchRunResult, regressions: readonly Regression[] = []): string {
  const sections = benchSections(r, regressions);
  const body = `<header><h1>lptf bench</h1><p class="headline">${escapeHtml(`Node ${r.meta.node}, ${r.meta.platform}/${r.meta.arch}, ${r.options.rounds} randomized rounds, seed ${r.options.seed}`)}</p></header>
<main>
${r.suites.map((s, i) => `<section>${suiteSvg(s)}</section>\n${htmlSection(sections[i] as Section)}`).join('\n')}
${sections
  .slice(r.suites.length)
  .map((s) => htmlSection(s))
  .join('\n')}
</main>`;
  return htmlPage({ title: 'lptf bench', lang: 'en', body, data: {} });
}
