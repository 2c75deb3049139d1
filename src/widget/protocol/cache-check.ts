import type { Said } from '../../core/said.js';
/**
 * A span of seconds for a sentence: `1.67 s`, `250 ms`.
 *
 * @example
 * ```ts
 * seconds(1.665) // '1.67 s'
 * ```
 */
export function seconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${Number(s.toPrecision(3))} s`;
}

/**
 * How often each case is sent again: every `cases / rate` seconds, the whole set going round.
 *
 * @example
 * ```ts
 * repeatSeconds(333, 200) // 1.665
 * ```
 */
export function repeatSeconds(cases: number, rate: number): number | undefined {
  return cases > 0 && rate > 0 ? cases / rate : undefined;
}

/**
 * The longest cache time the replies declared (`lifespan`, tallied as `lifespan=N`), in seconds.
 *
 * @example
 * ```ts
 * declaredLifespan({ 'lifespan=60': 90, 'lifespan=0': 10 }) // 60
 * ```
 */
export function declaredLifespan(tallies: Readonly<Record<string, number>>): number | undefined {
  const spans = Object.keys(tallies)
    .map((k) => /^lifespan=(\d+)$/.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  return spans.length > 0 ? Math.max(...spans) : undefined;
}

/**
 * A warning when a case comes round again sooner than an answer may stay cached: the repeats
 * may be answered from the cache, and the figures flatter the service. The cache time is the
 * service's own (`--cache-ttl`) or, without it, the longest `lifespan` the replies declared.
 *
 * @example
 * ```ts
 * cacheWarnings({ rate: 200, cases: 333, tallies: {} }, 60) // ['each case repeats every 1.67 s …']
 * ```
 */
export function cacheWarnings(
  run: { rate: number; cases: number; tallies: Readonly<Record<string, number>> },
  cacheTtlSec?: number,
): Said[] {
  const every = repeatSeconds(run.cases, run.rate);
  const ttl = cacheTtlSec ?? declaredLifespan(run.tallies);
  if (every === undefined || ttl === undefined || every >= ttl) return [];
  const source =
    cacheTtlSec === undefined ? 'the lifespan the replies declare' : "the service's cache time (--cache-ttl)";
  const sourceZh = cacheTtlSec === undefined ? '应答声明的 lifespan' : '服务的缓存时间（--cache-ttl）';
  const needed = Math.ceil(ttl * run.rate);
  return [
    {
      en: `each case repeats every ${seconds(every)} (${run.cases} cases at ${run.rate}/s), sooner than ${source}, ${seconds(ttl)}: repeats may be answered from a cache and flatter the figures; at this rate ${needed} distinct cases would not repeat within it`,
      zh: `每条用例每 ${seconds(every)} 重复一次（${run.cases} 条用例，速率 ${run.rate}/s），早于${sourceZh} ${seconds(ttl)}：重复的请求可能由缓存应答，让数据偏好；在这个速率下需要 ${needed} 条不同的用例才不会在此期间重复`,
    },
  ];
}
