import type { TimingMetric } from './format.js';

/** Longest header read; a longer one is hostile or broken, and counted as malformed. */
export const MAX_HEADER_LENGTH = 8192;
const MAX_METRICS = 64;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

/**
 * What a `Server-Timing` header held: its metrics with a duration, and whether anything in it
 * was malformed (a bad name, a bad or missing `dur`, an unterminated quote, too long).
 *
 * @example
 * ```ts
 * const p: ParsedTiming = { metrics: [{ name: 'db', durMs: 3 }], malformed: false }
 * ```
 */
export interface ParsedTiming {
  readonly metrics: readonly TimingMetric[];
  readonly malformed: boolean;
}

/** Splits on `sep` outside quoted strings; null if a quote is left open. */
function splitOutsideQuotes(text: string, sep: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (inQuote) return null;
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses a `Server-Timing` header from a target, never throwing: metrics without a valid
 * `dur` are left out (a metric may carry only a `desc`, which is valid but has no time), and
 * anything broken marks the header malformed.
 *
 * @example
 * ```ts
 * parseServerTiming('db;dur=12.5;desc="q", cache;desc=hit') // { metrics: [{ name: 'db', durMs: 12.5, desc: 'q' }], malformed: false }
 * ```
 */
export function parseServerTiming(header: string): ParsedTiming {
  if (header.length > MAX_HEADER_LENGTH) return { metrics: [], malformed: true };
  const entries = splitOutsideQuotes(header, ',');
  if (!entries) return { metrics: [], malformed: true };
  const metrics: TimingMetric[] = [];
  let malformed = entries.length > MAX_METRICS;
  for (const entry of entries.slice(0, MAX_METRICS)) {
    if (entry.trim() === '') continue;
    const [rawName, ...params] = splitOutsideQuotes(entry, ';') ?? [''];
    const name = (rawName ?? '').trim();
    if (!TOKEN.test(name)) {
      malformed = true;
      continue;
    }
    let durMs: number | undefined;
    let desc: string | undefined;
    for (const param of params) {
      const eq = param.indexOf('=');
      const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : param.slice(eq + 1).trim();
      if (key === 'dur') {
        const n = Number(value.replace(/^"(.*)"$/, '$1'));
        if (value === '' || !Number.isFinite(n) || n < 0 || n > 3_600_000) malformed = true;
        else durMs ??= n;
      } else if (key === 'desc') desc ??= value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    }
    if (durMs !== undefined) metrics.push(desc === undefined ? { name, durMs } : { name, durMs, desc });
  }
  return { metrics, malformed };
}
