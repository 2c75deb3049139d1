import { formatPercent } from '../../core/units/index.js';
import type { ProtocolResultView } from '../../load/protocol/protocol.js';
import type { Section } from '../../render/section.js';
import { repeatSeconds, seconds } from './cache-check.js';
import { ERR_CODE_MEANING } from './err-codes.js';

/**
 * The widget's own sections of a run's report: each group's `err_code`s with their meaning and
 * share, so the user sees at once whether abnormal cases were refused as they should be; and how
 * often each case came round again beside the cache time the replies declared.
 *
 * @example
 * ```ts
 * errCodeSections(result)[0]?.title // 'err_code by group'
 * ```
 */
export function errCodeSections(result: ProtocolResultView): Section[] {
  const groups = Object.entries(result.groups);
  const scopes = [['all', result] as const, ...(groups.length > 1 ? groups : [])];
  const rows = scopes.flatMap(([name, s]) => {
    const answered = Object.values(s.errCodes).reduce((a, b) => a + b, 0);
    return Object.entries(s.errCodes).map(([code, n]) => [
      name,
      code,
      ERR_CODE_MEANING[code] ?? '',
      String(n),
      formatPercent(n / answered),
    ]);
  });
  const sections: Section[] = [];
  if (rows.length > 0) {
    sections.push({
      id: 'err-codes',
      title: 'err_code by group',
      table: { headers: ['scope', 'err_code', 'meaning', 'count', 'share'], rows, align: ['l', 'r', 'l', 'r', 'r'] },
    });
  }
  const cache = cacheLines(result);
  if (cache.length > 0) sections.push({ id: 'cache', title: 'Cache', lines: cache });
  return sections;
}

/** How often each case came round again, and what cache time the replies declared. */
function cacheLines(result: ProtocolResultView): string[] {
  const cases = result.target.cases.reduce((n, c) => n + c.count, 0);
  const rate = result.target.rate || result.achievedRate;
  const every = repeatSeconds(cases, rate);
  const lines = every === undefined ? [] : [`each case was sent every ${seconds(every)} (${cases} cases at ${rate}/s)`];
  const answers = Object.entries(result.tallies).filter(([k]) => k.startsWith('lifespan='));
  const total = answers.reduce((n, [, c]) => n + c, 0);
  if (total > 0) {
    const spans = answers.map(([k, c]) => `${k.slice('lifespan='.length)} s (${formatPercent(c / total)})`).join(', ');
    lines.push(`the replies declared a lifespan (how long WeChat may cache an answer) of ${spans}`);
  }
  return lines;
}
