import { OUTSIDE_PHASES, type PhaseRow, type PhasesSummary } from '../../core/recorder/index.js';
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
 * phaseSection(result.phases, 'en')?.table?.headers[0] // 'phase'
 * ```
 */
export function phaseSection(p: PhasesSummary | null, lang: 'zh' | 'en'): Section | undefined {
  if (!p) return undefined;
  const slow = p.slowMs !== null;
  const sumOfMeans = p.rows.reduce(
    (n, r) => n + (r.latencyMs.mean ?? 0) * (r.latencyMs.count / Math.max(1, p.responses)),
    0,
  );
  const outside = formatMs(p.rows.at(-1)?.latencyMs.mean);
  const zh = lang === 'zh';
  const lines = zh
    ? [
        `${p.responses} 个 OK 应答带有 Server-Timing${p.malformed ? `；${p.malformed} 个格式有误的头，其中有效的指标已保留` : ''}${p.pooled ? `；超出 ${p.rows.length - 1} 个名称的 ${p.pooled} 个指标合并为 (other)` : ''}。`,
        `各阶段可以对上：它们的平均值加上阶段之外的 ${outside}，得到 ${formatMs(sumOfMeans)}，即这些应答的平均耗时 ${formatMs(p.latencyMs.mean)}（阶段之外 = 排队、网络、框架和发压端）。`,
        slow
          ? `其中 ${p.slowResponses} 个是慢应答（从计划发送时间算起超过 ${p.slowMs} ms）；最后一列是每个部分在这些慢应答中占最大的比例。`
          : '没有校验点限定耗时，因此没有应答算作慢应答：加一个（例如 share(<=170ms) >= 95%），就能看到哪个阶段主导了慢应答。',
      ]
    : [
        `${p.responses} OK answers carried Server-Timing${p.malformed ? `; ${p.malformed} malformed header(s), their valid metrics kept` : ''}${p.pooled ? `; ${p.pooled} metric(s) beyond ${p.rows.length - 1} names pooled as (other)` : ''}.`,
        `Phases add up: their means plus ${outside} outside them give ${formatMs(sumOfMeans)}, the mean latency ${formatMs(p.latencyMs.mean)} of these answers (outside = queueing, network, framework and the generator).`,
        slow
          ? `${p.slowResponses} of them were slow (over ${p.slowMs} ms from the intended send time); the last column says in what share of those each part was the largest.`
          : 'No pass/fail check bounds the latency, so no answer counts as slow: add one (e.g. share(<=170ms) >= 95%) to see which phase dominates the slow answers.',
      ];
  const e = p.implausibleExample;
  const claimed = !e
    ? ''
    : zh
      ? `耗时 ${formatMs(e.latencyMs)} 的应答声称 ${e.name};dur=${e.durMs}`
      : `${e.name};dur=${e.durMs} on a ${formatMs(e.latencyMs)} answer`;
  if (p.implausible)
    lines.push(
      zh
        ? `${p.implausible} 个应答的 Server-Timing 不可能为真（某个指标比整个应答还长，例如${claimed}）：未计入本表。`
        : `${p.implausible} answer(s) carried a Server-Timing that cannot be true (a metric longer than the whole answer, e.g. ${claimed}): left out of this table.`,
    );
  if (p.overlapping)
    lines.push(
      zh
        ? `${p.overlapping} 个应答的各阶段相加超过其耗时（并行的阶段）：占比之和超过 100%。`
        : `In ${p.overlapping} answer(s) the phases add up to more than the latency (phases side by side): the shares add up to more than 100%.`,
    );
  const allParts = zh ? '耗时（所有部分）' : 'latency (all parts)';
  // The backend names its phases; the two rows lptf adds are named in the report's language.
  const named = (r: PhaseRow, name: string): PhaseRow => (zh ? { ...r, name } : r);
  const rows = [
    ...p.rows.map((r) => row(r.name === OUTSIDE_PHASES ? named(r, '（阶段之外）') : r, slow)),
    row({ name: allParts, latencyMs: p.latencyMs, meanShare: 1, slowDominant: null }, slow),
  ];
  if (p.serverTotal) rows.push(row(named(p.serverTotal, '服务端合计'), slow));
  const largest = zh ? `慢应答（>${p.slowMs}ms）中最大` : `largest in slow (>${p.slowMs}ms)`;
  return {
    id: 'phases',
    title: zh ? '后端各阶段（Server-Timing），仅 OK 应答' : 'Backend phases (Server-Timing) of OK answers',
    table: {
      headers: [
        zh ? '阶段' : 'phase',
        zh ? '数量' : 'count',
        'mean',
        'p50',
        'p95',
        'p99',
        zh ? '占平均耗时' : 'share of mean',
        ...(slow ? [largest] : []),
      ],
      rows,
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    },
    lines,
  };
}
