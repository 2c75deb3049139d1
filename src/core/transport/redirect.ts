import type { HttpRequest, HttpResponse } from './transport.js';

/** The statuses that send a client elsewhere with a `Location`. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect leads, as fetch and k6 follow one: the `Location` resolved against the
 * request's URL; `303`, and `301`/`302` of a POST, become a GET without a body (the body's headers
 * dropped); `307`/`308` repeat the method and body. A redirect to another origin cannot go on this
 * origin's connections: it is `offsite`. Undefined when the answer is no redirect.
 *
 * @example
 * ```ts
 * redirectOf('http://127.0.0.1:8080', { method: 'POST', path: '/login', headers: {} }, { status: 303, bytes: 0, location: '/home' })
 * // { request: { method: 'GET', path: '/home', headers: {} } }
 * ```
 */
export function redirectOf(
  origin: string,
  request: HttpRequest,
  res: HttpResponse,
): { readonly request: HttpRequest } | { readonly offsite: string } | undefined {
  if (!REDIRECTS.has(res.status) || res.location === undefined) return undefined;
  let to: URL;
  try {
    to = new URL(res.location, new URL(request.path, origin));
  } catch {
    return { offsite: res.location };
  }
  if (to.origin !== new URL(origin).origin) return { offsite: to.href };
  const path = to.pathname + to.search;
  const get = res.status === 303 || ((res.status === 301 || res.status === 302) && request.method === 'POST');
  if (!get) return { request: { ...request, path } };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers))
    if (k !== 'content-type' && k !== 'content-length') headers[k] = v;
  return { request: { method: request.method === 'HEAD' ? 'HEAD' : 'GET', path, headers } };
}
