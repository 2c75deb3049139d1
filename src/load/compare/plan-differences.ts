import type { RunResult } from '../result/index.js';

/**
 * What differs between the plans of two runs (target, rate, duration, limits, checks, cases):
 * a comparison of runs with different plans compares more than the service.
 *
 * @example
 * ```ts
 * planDifferences(a, b) // ['rate: 200/s vs 300/s']
 * ```
 */
export function planDifferences(a: RunResult, b: RunResult): string[] {
  const ta = a.target;
  const tb = b.target;
  const fields: [string, string, string][] = [
    ['target', `${ta.method} ${ta.url}`, `${tb.method} ${tb.url}`],
    ['rate', `${ta.rate}/s`, `${tb.rate}/s`],
    ['duration', `${ta.durationSec}s`, `${tb.durationSec}s`],
    ['max in flight', String(ta.maxInflight), String(tb.maxInflight)],
    ['timeout', `${ta.timeoutMs}ms`, `${tb.timeoutMs}ms`],
    ['OK status', ta.okStatus, tb.okStatus],
    ['checks', a.checks.map((c) => c.name).join('; '), b.checks.map((c) => c.name).join('; ')],
    [
      'cases',
      ta.cases.map((c) => `${c.group} ${c.count}`).join(' + ') || 'none',
      tb.cases.map((c) => `${c.group} ${c.count}`).join(' + ') || 'none',
    ],
  ];
  const out = fields.filter(([, x, y]) => x !== y).map(([name, x, y]) => `${name}: ${x} vs ${y}`);
  if (a.interrupted || b.interrupted)
    out.push(
      `interrupted: ${a.interrupted ? 'A' : ''}${a.interrupted && b.interrupted ? ' and ' : ''}${b.interrupted ? 'B' : ''}`,
    );
  return out;
}
