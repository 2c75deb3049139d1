/**
 * A sentence in both of lptf's languages. Written once, where it is known, in both: a report,
 * `lptf report --lang` and the CLI's own lines then say it in the run's language without
 * recomputing anything.
 *
 * @example
 * ```ts
 * const note: Said = { en: '5 request(s) timed out…', zh: '5 个请求超时…' }
 * ```
 */
export interface Said {
  readonly en: string;
  readonly zh: string;
}

/**
 * A text said in one language for all (a plug-in's, a path) or in both: the one for `lang`.
 *
 * @example
 * ```ts
 * sayIn({ en: 'results in out', zh: '结果在 out' }, 'zh') // '结果在 out'
 * ```
 */
export function sayIn(text: string | Said, lang: 'zh' | 'en'): string {
  return typeof text === 'string' ? text : text[lang];
}
