import type { Problem } from '../../core/errors/index.js';
import { nearestWord } from '../../core/nearest-word.js';

/**
 * A problem for each key of an object a load file wrote that lptf does not know (a scenario's, a
 * step's, a data source's, a request's): a typo there is refused, never ignored.
 *
 * @example
 * ```ts
 * unknownKeys({ wieght: 3 }, ['weight', 'request'], 'f.load.ts: scenarios.a')
 * // [{ where: 'f.load.ts: scenarios.a.wieght', message: 'unknown field; did you mean weight? known: weight, request' }]
 * ```
 */
export function unknownKeys(value: unknown, known: readonly string[], where: string): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const near = nearestWord(k, known);
      return {
        where: `${where}.${k}`,
        message: `unknown field${near ? `; did you mean ${near}?` : ''} known: ${known.join(', ')}`,
      };
    });
}
