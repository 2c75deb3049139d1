import { formatDuration } from '../../core/units/index.js';
import type { Section } from '../../render/section.js';

/** The rate the seed's self-test result is for: 200 QPS. */
export const SEED_RATE = 200;
/** For how long: 30 minutes. */
export const SEED_DURATION_SEC = 1800;
/** The most cases the form takes. */
export const SEED_MAX_CASES = 3000;

/**
 * What the qualification reads of a run's result (a `RunResult` is one).
 *
 * @example
 * ```ts
 * const view: QualificationView = { target: { rate: 200, durationSec: 1800, cases: [] }, elapsedSec: 1799.995, interrupted: false, checks: [] }
 * ```
 */
export interface QualificationView {
  readonly target: {
    readonly rate: number;
    /** The planned duration. */
    readonly durationSec: number;
    readonly cases: readonly { readonly group: string; readonly count: number }[];
  };
  readonly elapsedSec: number;
  readonly interrupted: boolean;
  readonly endedEarly?: string;
  readonly checks: readonly { readonly name: string; readonly pass: boolean; readonly actual: number | null }[];
}

/** One condition of the seed's, as this run met it or not. */
export interface QualificationRow {
  readonly condition: { readonly zh: string; readonly en: string };
  readonly required: { readonly zh: string; readonly en: string };
  readonly actual: { readonly zh: string; readonly en: string };
  readonly pass: boolean;
}

/**
 * Whether a widget run is the self-test result the seed asks for (200 QPS for 30 minutes, with
 * normal and abnormal cases, at most 3000 of them, the load delivered, the run whole), condition
 * by condition. A 2 s run at 50 QPS of one group once got a pack with ✔ 通过 in every row.
 *
 * @example
 * ```ts
 * qualification(result).qualifies // false for a 2 s run at 50 QPS
 * ```
 */
export function qualification(r: QualificationView): { qualifies: boolean; rows: QualificationRow[] } {
  const both = (zh: string, en: string = zh): { zh: string; en: string } => ({ zh, en });
  const groups = [...new Set(r.target.cases.map((c) => c.group))];
  const total = r.target.cases.reduce((n, c) => n + c.count, 0);
  const delivered = r.checks.find((c) => c.name.startsWith('delivered'));
  // How long the load went on: a whole run's schedule spans its planned duration (its elapsed time
  // ends at its last due time, one interval short: 1,799.995 s of a 30-minute run at 200/s, which
  // once made the seed's own test a draft); a run cut short, as far as it got.
  const ranSec = r.interrupted || r.endedEarly ? r.elapsedSec : Math.max(r.elapsedSec, r.target.durationSec);
  const rows: QualificationRow[] = [
    {
      condition: both('压测速率', 'rate'),
      required: both(`≥ ${SEED_RATE} QPS`),
      actual: both(`${r.target.rate} QPS`),
      pass: r.target.rate >= SEED_RATE,
    },
    {
      condition: both('持续时间', 'duration'),
      required: both(`≥ ${SEED_DURATION_SEC / 60} 分钟`, `≥ ${SEED_DURATION_SEC / 60} min`),
      actual: both(formatDuration(ranSec * 1000)),
      pass: ranSec >= SEED_DURATION_SEC,
    },
    {
      condition: both('用例分组', 'case groups'),
      required: both('正常与异常（normal、abnormal）', 'normal and abnormal'),
      actual: both(groups.length > 0 ? groups.join('、') : '无', groups.length > 0 ? groups.join(', ') : 'none'),
      pass: groups.includes('normal') && groups.includes('abnormal'),
    },
    {
      condition: both('用例数', 'cases'),
      required: both(`1 至 ${SEED_MAX_CASES} 条`, `1 to ${SEED_MAX_CASES}`),
      actual: both(`${total} 条`, String(total)),
      pass: total > 0 && total <= SEED_MAX_CASES,
    },
    {
      condition: both('计划压力送达', 'planned load delivered'),
      required: both(delivered ? `${delivered.name.replace(/^delivered\s*/, '')}` : '≥ 95%'),
      actual: both(
        delivered?.actual === null || delivered === undefined
          ? '无数据'
          : `${Math.round(delivered.actual * 10_000) / 100}%`,
        delivered?.actual === null || delivered === undefined
          ? 'n/a'
          : `${Math.round(delivered.actual * 10_000) / 100}%`,
      ),
      pass: delivered?.pass === true,
    },
    {
      condition: both('完整运行', 'whole run'),
      required: both('未中断、未提前结束', 'not interrupted, not ended early'),
      actual: r.interrupted
        ? both('被中断', 'interrupted')
        : r.endedEarly
          ? both('提前结束', 'ended early')
          : both('完整', 'whole'),
      pass: !r.interrupted && !r.endedEarly,
    },
  ];
  return { qualifies: rows.every((row) => row.pass), rows };
}

/**
 * The qualification as a report section, in the report's language: a row per condition, and
 * what the run is (a self-test result to submit, or a draft).
 *
 * @example
 * ```ts
 * qualificationSection(result, 'zh').title // '提交条件（种子页面：200 QPS 持续 30 分钟）'
 * ```
 */
export function qualificationSection(r: QualificationView, lang: 'zh' | 'en'): Section {
  const { qualifies, rows } = qualification(r);
  const zh = lang === 'zh';
  const failed = rows.filter((row) => !row.pass).map((row) => row.condition[lang]);
  return {
    id: 'qualification',
    title: zh
      ? `提交条件（种子页面：${SEED_RATE} QPS 持续 ${SEED_DURATION_SEC / 60} 分钟）`
      : `Submission conditions (the seed: ${SEED_RATE} QPS for ${SEED_DURATION_SEC / 60} minutes)`,
    table: {
      headers: zh ? ['条件', '要求', '本次', '结果'] : ['condition', 'required', 'this run', 'result'],
      rows: rows.map((row) => [
        row.condition[lang],
        row.required[lang],
        row.actual[lang],
        row.pass ? (zh ? '✔ 满足' : '✔ met') : zh ? '✘ 不满足' : '✘ not met',
      ]),
      align: ['l', 'l', 'l', 'l'],
    },
    lines: [
      qualifies
        ? zh
          ? '本次压测满足提交条件：可以作为自测结果提交。'
          : 'This run meets the submission conditions: it can be submitted as the self-test result.'
        : zh
          ? `本次压测不满足提交条件（${failed.join('、')}）：只能作为草稿，不能作为自测结果提交。`
          : `This run does not meet the submission conditions (${failed.join(', ')}): a draft, not a self-test result to submit.`,
    ],
  };
}
