import type { RunResult } from './run-result.js';

/**
 * A run's result to be rendered in another language: only its reports' words change, never a
 * figure (`lptf report --lang`, `lptf merge --lang`).
 *
 * @example
 * ```ts
 * markdownReport(inLang(result, 'en'))
 * ```
 */
export function inLang(result: RunResult, lang: 'zh' | 'en'): RunResult {
  return { ...result, meta: { ...result.meta, lang } };
}
