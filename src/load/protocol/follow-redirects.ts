import type { TestCase } from '../../core/cases/index.js';
import { redactUrl } from '../../core/redact/index.js';
import type { Follow } from '../../core/run/request-sender.js';
import { type HttpRequest, type HttpResponse, redirectOf } from '../../core/transport/index.js';
import type { BoundProtocol } from './protocol.js';

/**
 * How a plan's requests follow redirects, for the sender: on the plan's origin, up to the plan's
 * limit (or a scenario's own), each hop through the protocol (a flow's cookies); a hop to another
 * origin fails as `redirect_offsite`, one past the limit as `too_many_redirects`. Undefined when
 * nothing follows them (a limit of 0 everywhere, or a protocol that judges a 3xx as it is).
 *
 * @example
 * ```ts
 * const follow = redirectFollower({ origin: 'http://127.0.0.1:8080', followRedirects: 10, protocol })
 * ```
 */
export function redirectFollower(plan: {
  readonly origin: string;
  readonly followRedirects: number;
  readonly protocol: BoundProtocol;
}): ((testCase: TestCase, request: HttpRequest, res: HttpResponse, hops: number) => Follow) | undefined {
  const { protocol } = plan;
  if (!protocol.followsRedirects || (plan.followRedirects === 0 && !protocol.redirectsOf)) return undefined;
  return (testCase, request, res, hops) => {
    const to = redirectOf(plan.origin, request, res);
    if (!to) return undefined;
    const limit = protocol.redirectsOf?.(testCase) ?? plan.followRedirects;
    if (limit === 0) return undefined;
    const line = `${request.method} ${redactUrl(request.path)} → ${res.status}`;
    if ('offsite' in to)
      return {
        fail: 'redirect_offsite',
        example: `${line} to ${redactUrl(to.offsite)}: another origin, which this run does not send to`,
      };
    if (hops >= limit)
      return {
        fail: 'too_many_redirects',
        example: `${line} to ${redactUrl(to.request.path)}: still redirected after ${hops} hop(s)`,
      };
    return { request: protocol.redirected?.(testCase, res, to.request) ?? to.request };
  };
}
