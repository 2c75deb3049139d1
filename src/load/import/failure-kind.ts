/**
 * lptf's name for a failure another tool logged, from its response code and its words: an HTTP
 * status of 400 or more is `http_<status>`; a lower one that failed failed the tool's own
 * assertion (`check_failed`, as lptf's `check()`); a Java exception in place of a status is named
 * as lptf's transport names the same failure (`timeout`, `refused`, `reset`, `dns`), else `error`.
 *
 * @example
 * ```ts
 * failureKind('Non HTTP response code: java.net.SocketTimeoutException', 'Read timed out') // 'timeout'
 * failureKind('503', 'Service Unavailable') // 'http_503'
 * ```
 */
export function failureKind(code: string, message: string): string {
  const status = /^\d{3}$/.test(code.trim()) ? Number(code) : undefined;
  if (status !== undefined) return status >= 400 ? `http_${status}` : 'check_failed';
  const text = `${code} ${message}`;
  if (/timed? ?out|Timeout/i.test(text)) return 'timeout';
  if (/refused|ConnectException/i.test(text)) return 'refused';
  if (/reset|broken pipe|NoHttpResponseException|closed/i.test(text)) return 'reset';
  if (/UnknownHost|Name or service not known/i.test(text)) return 'dns';
  return 'error';
}
