import { STATUS_CODES } from 'node:http';
import { redactText, redactUrl } from '../redact/index.js';
import type { HttpRequest, HttpResponse } from '../transport/index.js';

/** The most characters of an answer's body an example shows. */
const BODY_CHARS = 160;

/**
 * What a report shows of one failed request, so the failure can be debugged from the report
 * alone: its request line, the status line and the first bytes of the answer's body; or, when the
 * judge said why (a check's reason, a protocol's finding), that, then the method, path and status
 * (no query, no body: the reason is the news, and alike reasons stay one example). Credentials are
 * redacted by the one rule (`redactText`): a secret query value, JSON member or form field.
 *
 * @example
 * ```ts
 * failureExample({ method: 'POST', path: '/login', headers: {} }, { status: 401, bytes: 35, bodyPrefix: Buffer.from('{"error":"wrong user or password"}') })
 * // 'POST /login → 401 Unauthorized: {"error":"wrong user or password"}'
 * ```
 */
export function failureExample(
  request: HttpRequest,
  res: HttpResponse | undefined,
  said: string | undefined,
  err?: Error,
): string {
  const line = `${request.method} ${redactUrl(request.path)}`;
  if (!res) return `${said ? `${said}: ` : ''}${line}: no answer (${err?.message ?? 'no reason given'})`;
  const status = `${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd();
  if (said) return `${said} (${request.method} ${request.path.split('?')[0]} → ${status})`;
  const bytes = res.body ?? res.bodyPrefix;
  const text = bytes && bytes.length > 0 ? oneLine(bytes.subarray(0, BODY_CHARS * 4).toString('utf8')) : '';
  const body = text ? `: ${redactText(text).slice(0, BODY_CHARS)}${text.length > BODY_CHARS ? '…' : ''}` : '';
  return `${line} → ${status}${body}`;
}

/** A body's text on one line: control characters and runs of white space as one space. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}
