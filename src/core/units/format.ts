/**
 * Formats a fraction (0..1) as a percentage with enough digits to be honest near the
 * acceptance bounds: `0.982` → `98.2%`, `0.0072` → `0.72%`, `1` → `100%`.
 *
 * @example
 * ```ts
 * formatPercent(0.0072) // '0.72%'
 * ```
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  const pct = fraction * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  const digits = pct >= 10 ? 2 : pct >= 1 ? 2 : 3;
  return `${Number(pct.toFixed(digits))}%`;
}

/**
 * Formats milliseconds for a report cell: three significant figures, at least 0.01 ms.
 *
 * @example
 * ```ts
 * formatMs(20.0153) // '20.0ms'
 * formatMs(1234.5) // '1235ms'
 * ```
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms >= 1000) return `${Math.round(ms)}ms`;
  if (ms >= 100) return `${ms.toFixed(0)}ms`;
  if (ms >= 10) return `${ms.toFixed(1)}ms`;
  return `${ms.toFixed(2)}ms`;
}
