import { formatPercent } from '../../core/units/index.js';
import type { ProtocolResultView } from '../../load/protocol/protocol.js';
import type { Section } from '../../render/section.js';
import { repeatSeconds, seconds } from './cache-check.js';
import { ERR_CODE_MEANING, ERR_CODE_MEANING_ZH } from './err-codes.js';

/**
 * The widget's own sections of a run's report: each group's `err_code`s with their meaning and
 * share, so the user sees at once whether abnormal cases were refused as they should be; and how
 * often each case came round again beside the cache time the replies declared.
 *
 * @example
 * ```ts
 * errCodeSections(result, 'en')[0]?.title // 'err_code by group'
 * ```
 */
export function errCodeSections(result: ProtocolResultView, lang: 'zh' | 'en'): Section[] {
  const zh = lang === 'zh';
  const meaning = zh ? ERR_CODE_MEANING_ZH : ERR_CODE_MEANING;
  const groups = Object.entries(result.groups);
  const scopes = [[zh ? '全部' : 'all', result] as const, ...(groups.length > 1 ? groups : [])];
  const rows = scopes.flatMap(([name, s]) => {
    const answered = Object.values(s.errCodes).reduce((a, b) => a + b, 0);
    return Object.entries(s.errCodes).map(([code, n]) => [
      name,
      code,
      meaning[code] ?? '',
      String(n),
      formatPercent(n / answered),
    ]);
  });
  const sections: Section[] = [];
  if (rows.length > 0) {
    sections.push({
      id: 'err-codes',
      title: zh ? '各组的 err_code' : 'err_code by group',
      table: {
        headers: zh ? ['范围', 'err_code', '含义', '数量', '比例'] : ['scope', 'err_code', 'meaning', 'count', 'share'],
        rows,
        align: ['l', 'r', 'l', 'r', 'r'],
      },
    });
  }
  const cache = cacheLines(result, zh);
  if (cache.length > 0) sections.push({ id: 'cache', title: zh ? '缓存' : 'Cache', lines: cache });
  return sections;
}

/** How often each case came round again, and what cache time the replies declared. */
function cacheLines(result: ProtocolResultView, zh: boolean): string[] {
  const cases = result.target.cases.reduce((n, c) => n + c.count, 0);
  const rate = result.target.rate || result.achievedRate;
  const every = repeatSeconds(cases, rate);
  const lines =
    every === undefined
      ? []
      : [
          zh
            ? `每条用例每 ${seconds(every)} 发送一次（${cases} 条用例，速率 ${rate}/s）`
            : `each case was sent every ${seconds(every)} (${cases} cases at ${rate}/s)`,
        ];
  const answers = Object.entries(result.tallies).filter(([k]) => k.startsWith('lifespan='));
  const total = answers.reduce((n, [, c]) => n + c, 0);
  if (total > 0) {
    const spans = answers.map(([k, c]) => `${k.slice('lifespan='.length)} s (${formatPercent(c / total)})`).join(', ');
    lines.push(
      zh
        ? `应答声明的 lifespan（微信可缓存应答的时长）为 ${spans}`
        : `the replies declared a lifespan (how long WeChat may cache an answer) of ${spans}`,
    );
  }
  return lines;
}
