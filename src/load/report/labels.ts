import type { Check } from '../../core/checks/index.js';
import type { Lang } from '../plan/index.js';
import { protocols } from '../protocol/protocols.js';

const fmtBound = (ms: number): string => `${Number(ms.toFixed(3))}ms`;

/**
 * The words of the reports, in Chinese (the self-test form's language) and English.
 *
 * @example
 * ```ts
 * WORDS.en.check // 'check'
 * ```
 */
export const WORDS = {
  zh: {
    title: '自测结果',
    checks: '校验结果',
    check: '校验点',
    share: '耗时比例',
    measured: '实测值',
    expected: '预期结果',
    result: '结论',
    pass: '✔ 通过',
    fail: '✘ 未通过',
    endToEnd: '官方端到端标准（仅供参考）',
    delivery: '压测本身：计划压力是否送达，发压是否准时',
  },
  en: {
    title: 'Self-test result',
    checks: 'Checks',
    check: 'check',
    share: 'share of requests',
    measured: 'measured',
    expected: 'expected',
    result: 'result',
    pass: '✔ pass',
    fail: '✘ FAIL',
    endToEnd: 'Official end-to-end criterion (for information)',
    delivery: 'The run itself: planned load delivered, generator on time',
  },
} as const;

/**
 * A check's row label: the seed's wording for shares (`170ms内处理`, `超过 870 ms处理`), the
 * protocol's own words where it has some (the widget's `err_code 符合预期`), plain words for the
 * rest, with the group if the check has one.
 *
 * @example
 * ```ts
 * checkLabel(parseCheck('share(>870ms) <= 1%'), 'zh') // '超过 870 ms处理'
 * checkLabel(parseCheck('p(95) <= 170ms'), 'en') // 'p95 latency'
 * ```
 */
export function checkLabel(check: Check, lang: Lang, protocol?: string): string {
  const m = check.metric;
  const zh = lang === 'zh';
  const own = protocol === undefined ? undefined : protocols.find(protocol)?.checkLabels?.[m.kind];
  let label: string;
  if (own) return check.group ? `${own[lang]} [${check.group}]` : own[lang];
  switch (m.kind) {
    case 'share': {
      const b = fmtBound(m.boundMs);
      const within = m.op === '<=' || m.op === '<';
      if (zh) label = within ? `${b}内处理` : `超过 ${b.replace(/(ms|s)$/, ' $1')}处理`;
      else label = within ? `processed within ${b}` : `processed in over ${b}`;
      if (m.op === '<' || m.op === '>=') label += zh ? `（${m.op}）` : ` (${m.op})`;
      break;
    }
    case 'percentile':
      label = zh ? `P${m.p} 耗时` : `p${m.p} latency`;
      break;
    default:
      label = (zh ? ZH_METRIC : EN_METRIC)[m.kind];
  }
  return check.group ? `${label} [${check.group}]` : label;
}

const ZH_METRIC = {
  mean: '平均耗时',
  min: '最小耗时',
  max: '最大耗时',
  error_rate: '错误率',
  failed: '失败请求数',
  dropped: '丢弃请求数',
  dropped_rate: '丢弃比例',
  rate: '实际 QPS',
  expected_rate: '应答符合预期',
  delivered: '计划压力送达',
  send_lateness_p99: '发压延迟 P99',
} as const;

const EN_METRIC = {
  mean: 'mean latency',
  min: 'min latency',
  max: 'max latency',
  error_rate: 'error rate',
  failed: 'failed requests',
  dropped: 'dropped requests',
  dropped_rate: 'dropped share',
  rate: 'achieved rate',
  expected_rate: 'answers as expected',
  delivered: 'planned load delivered',
  send_lateness_p99: 'send lateness p99',
} as const;
