import type { Problem } from '../../core/errors/index.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { breaksHead, isToken } from '../../core/transport/index.js';

/**
 * What a scenario that speaks a protocol other than plain HTTP gives it of each request: a path
 * (on the URL's origin; without one, the URL's own) and fixed headers. The protocol makes the rest
 * (the widget: the method, the signed query and the encrypted body) from each arrival's case.
 *
 * @example
 * ```ts
 * const r: ProtocolRequest = { path: compileTemplate('/widget'), headers: { 'x-env': 'test' } }
 * ```
 */
export interface ProtocolRequest {
  readonly path?: Template;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Checks a protocol scenario's `request`: nothing, or `{ path?, headers? }`; a method or a body
 * (or a `request()` function) is refused, as the protocol makes them. The path may hold the
 * placeholders of a case (`{{case.<field>}}`, `{{seq}}`, …), not a feeder's.
 *
 * @example
 * ```ts
 * compileProtocolRequest({ path: '/widget' }, 'wechat-widget', 'scenarios.search', problems)?.path?.isStatic // true
 * ```
 */
export function compileProtocolRequest(
  request: unknown,
  protocol: string,
  at: string,
  problems: Problem[],
): ProtocolRequest | undefined {
  if (request === undefined) return { headers: {} };
  const where = `${at}.request`;
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return void problems.push({
      where,
      message: `speaks ${protocol}, which makes each request from its case: give { path?, headers? }, or leave it out`,
    });
  const before = problems.length;
  const { path, headers, ...rest } = request as Record<string, unknown>;
  for (const k of Object.keys(rest))
    problems.push({
      where: `${where}.${k}`,
      message: `${protocol} makes each request's method and body from its case: give only path and headers`,
    });
  let template: Template | undefined;
  if (path !== undefined) {
    if (typeof path !== 'string' || !path.startsWith('/'))
      problems.push({ where: `${where}.path`, message: `${JSON.stringify(path)} must be a text starting with /` });
    else
      try {
        template = compileTemplate(path);
      } catch (err) {
        problems.push({ where: `${where}.path`, message: (err as Error).message });
      }
  }
  const fixed: Record<string, string> = {};
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers)))
    problems.push({ where: `${where}.headers`, message: 'must map header names to texts' });
  else
    for (const [k, v] of Object.entries(headers ?? {})) {
      if (!isToken(k) || typeof v !== 'string' || breaksHead(v))
        problems.push({ where: `${where}.headers`, message: `"${k}" is not a header HTTP allows, with a text value` });
      else fixed[k.toLowerCase()] = v;
    }
  if (problems.length > before) return undefined;
  return template ? { path: template, headers: fixed } : { headers: fixed };
}
