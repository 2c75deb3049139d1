import type { PhaseRow, PhasesSummary } from '../../core/recorder/index.js';
import { formatMs, formatPercent } from '../../core/units/index.js';
import type { Section } from '../../render/section.js';

const share = (v: number | null): string => (v === null ? 'n/a' : formatPercent(v));

function row(r: PhaseRow, slow: boolean): string[] {
  const s = r.latencyMs;
  return [
    r.name,
    String(s.count),
    formatMs(s.mean),
    formatMs(s.p50),
    formatMs(s.p95),
    formatMs(s.p99),
    share(r.meanShare),
    ...(slow ? [share(r.slowDominant)] : []),
  ];
}

/**
 * The backend's phases, from its `Server-Timing` headers: each phase's percentiles beside the
 * latency, its share of the mean, and which part was largest in the slow answers.
 *
 * @example
 * ```ts
 * phaseSection(result.phases)?.table?.headers[0] // 'phase'
 * ```
 */
export function phaseSection(p: PhasesSummary | null): Section | undefined {
  if (!p) return undefined;
  const slow = p.slowMs !== null;
  const sumOfMeans = p.rows.reduce(
    (n, r) => n + (r.latencyMs.mean ?? 0) * (r.latencyMs.count / Math.max(1, p.responses)),
    0,
  );
  const outside = p.rows.at(-1);
  const lines = [
    `${p.responses} OK answers carried Server-Timing${p.malformed ? `; ${p.malformed} malformed header(s), their valid metrics kept` : ''}${p.pooled ? `; ${p.pooled} metric(s) beyond ${p.rows.length - 1} names pooled as (other)` : ''}.`,
    `Phases add up: their means plus ${formatMs(outside?.latencyMs.mean)} outside them give ${formatMs(sumOfMeans)}, the mean latency ${formatMs(p.latencyMs.mean)} of these answers (outside = queueing, network, framework and the generator).`,
    slow
      ? `${p.slowResponses} of them were slow (over ${p.slowMs} ms from the intended send time); the last column says in what share of those each part was the largest.`
      : 'No pass/fail check bounds the latency, so no answer counts as slow: add one (e.g. share(<=170ms) >= 95%) to see which phase dominates the slow answers.',
  ];
  const rows = [
    ...p.rows.map((r) => row(r, slow)),
    row({ name: 'latency (all parts)', latencyMs: p.latencyMs, meanShare: 1, slowDominant: null }, slow),
  ];
  if (p.serverTotal) rows.push(row(p.serverTotal, slow));
  return {
    id: 'phases',
    title: 'Backend phases (Server-Timing) of OK answers',
    table: {
      headers: [
        'phase',
        'count',
        'mean',
        'p50',
        'p95',
        'p99',
        'share of mean',
        ...(slow ? [`largest in slow (>${p.slowMs}ms)`] : []),
      ],
      rows,
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    },
    lines,
  };
}
