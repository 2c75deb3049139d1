import { formatPercent } from '../../core/units/index.js';
import type { ProtocolResultView } from '../../load/protocol/protocol.js';
import type { Section } from '../../render/section.js';
import { ERR_CODE_MEANING } from './err-codes.js';

/**
 * The widget's own section of a run's report: each group's `err_code`s with their meaning and
 * share, so the user sees at once whether abnormal cases were refused as they should be.
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
  if (rows.length === 0) return [];
  return [
    {
      id: 'err-codes',
      title: 'err_code by group',
      table: { headers: ['scope', 'err_code', 'meaning', 'count', 'share'], rows, align: ['l', 'r', 'l', 'r', 'r'] },
    },
  ];
}
