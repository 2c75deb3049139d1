const UNIT_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/gy;

/**
 * Parses a duration such as `30s`, `5m`, `30m`, `1h30m`, `250ms` or `1.5s` into milliseconds.
 * A bare number is read in `bareUnit` (seconds for run lengths, milliseconds for latencies).
 * Returns `undefined` for text that is not a duration, so callers can report it with context.
 *
 * @example
 * ```ts
 * parseDuration('1m30s') // 90000
 * parseDuration('170', 'ms') // 170
 * ```
 */
export function parseDuration(text: string, bareUnit: 's' | 'ms' = 's'): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * (UNIT_MS[bareUnit] ?? 1);
  let total = 0;
  let consumed = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(t); m !== null; m = PART.exec(t)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
    consumed = PART.lastIndex;
  }
  if (consumed === 0 || consumed !== t.length || !Number.isFinite(total)) return undefined;
  return total;
}

/**
 * Formats milliseconds as a short human duration: `30s`, `5m`, `1h 2m 3s`, `250ms`.
 *
 * @example
 * ```ts
 * formatDuration(90_000) // '1m 30s'
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.join(' ');
}
