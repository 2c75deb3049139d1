/**
 * One metric of a `Server-Timing` header.
 *
 * @example
 * ```ts
 * const m: TimingMetric = { name: 'db', durMs: 12.5, desc: 'orders query' }
 * ```
 */
export interface TimingMetric {
  readonly name: string;
  readonly durMs: number;
  readonly desc?: string;
}

const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]+/g;
/** Longest metric name sent; browsers and proxies have limits on header size. */
export const MAX_METRIC_NAME = 64;
const MAX_DESC = 100;

/**
 * A phase name as a `Server-Timing` metric name (an HTTP token): runs of other characters
 * become `_`, the result is cut to {@link MAX_METRIC_NAME}, and an empty name becomes `phase`.
 *
 * @example
 * ```ts
 * timingToken('db query #1') // 'db_query_#1'
 * timingToken('数据库') // '_'
 * ```
 */
export function timingToken(name: string): string {
  const token = name.replace(NOT_TOKEN, '_').slice(0, MAX_METRIC_NAME);
  return token === '' ? 'phase' : token;
}

/**
 * A description as an HTTP quoted-string: `"` and `\` escaped, characters a header cannot carry
 * (controls, non-ASCII) replaced by `?`, cut to 100 characters.
 *
 * @example
 * ```ts
 * quoted('say "hi"') // '"say \\"hi\\""'
 * ```
 */
export function quoted(text: string): string {
  const safe = text.slice(0, MAX_DESC).replace(/[^\x20-\x7e\t]/g, '?');
  return `"${safe.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Formats metrics as a valid `Server-Timing` header value: `name;dur=12.5;desc="…"`, comma
 * separated. A name that is not a token is sanitised, and the original goes into `desc` unless
 * one was given.
 *
 * @example
 * ```ts
 * formatServerTiming([{ name: 'db', durMs: 12.345 }, { name: 'total', durMs: 20 }]) // 'db;dur=12.345, total;dur=20'
 * ```
 */
export function formatServerTiming(metrics: readonly TimingMetric[]): string {
  return metrics
    .map((m) => {
      const token = timingToken(m.name);
      const desc = m.desc ?? (token !== m.name ? m.name : undefined);
      const dur = Number.isFinite(m.durMs) && m.durMs >= 0 ? Number(m.durMs.toFixed(3)) : 0;
      return `${token};dur=${dur}${desc === undefined ? '' : `;desc=${quoted(desc)}`}`;
    })
    .join(', ');
}
