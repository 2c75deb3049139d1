import type { RunResult } from '../result/index.js';

const COLUMNS = ['second', 'sent', 'ok', 'failed', 'dropped', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms'] as const;

/**
 * Renders a run's per-second time series as CSV (one row per second; empty cells where no
 * answer came in that second; then a column per failure kind), for spreadsheets and plotting
 * tools.
 *
 * @example
 * ```ts
 * await writeFile('series.csv', csvReport(result))
 * ```
 */
export function csvReport(result: RunResult): string {
  const cell = (v: number | null): string => (v === null ? '' : String(v));
  // One column per failure kind of the run, most frequent first: `failed_timeout`, `failed_http_503`, …
  const kinds = Object.keys(result.errors);
  const rows = result.series.map((s) =>
    [s.second, s.sent, s.ok, s.failed, s.dropped, s.p50, s.p95, s.p99, s.max, ...kinds.map((k) => s.errors[k] ?? 0)]
      .map(cell)
      .join(','),
  );
  const header = [...COLUMNS, ...kinds.map((k) => `failed_${k.replace(/[^\w.-]/g, '_')}`)];
  return `${header.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}
