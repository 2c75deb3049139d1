/**
 * What the widget protocol's `err_code`s mean (the integration guide's list). A module of its
 * own, so reports can import it without loading the protocol's client.
 *
 * @example
 * ```ts
 * ERR_CODE_MEANING['-2'] // 'bad parameters'
 * ```
 */
export const ERR_CODE_MEANING: Readonly<Record<string, string>> = {
  '0': 'ok',
  '-1': 'no result',
  '-2': 'bad parameters',
  '-3': 'system error',
};

/**
 * The same meanings in Chinese, for reports written in the form's language.
 *
 * @example
 * ```ts
 * ERR_CODE_MEANING_ZH['-2'] // '参数错误'
 * ```
 */
export const ERR_CODE_MEANING_ZH: Readonly<Record<string, string>> = {
  '0': '正常',
  '-1': '无结果',
  '-2': '参数错误',
  '-3': '系统错误',
};
