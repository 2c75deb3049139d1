import type { TestCase } from '../../core/cases/index.js';
import { type Problem, RequestFailure } from '../../core/errors/index.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { breaksHead, type HttpRequest, isToken } from '../../core/transport/index.js';
import { contentTypeOf } from '../protocol/content-type.js';
import type { RequestPlan } from '../protocol/protocol.js';
import type { RequestTemplate, ScriptContext, ScriptRequest } from './load-test.js';
import { errorText, isThenable } from './script-text.js';
import { unknownKeys } from './unknown-keys.js';

/**
 * A scenario's (or a flow step's) request, compiled: how each one is built, and the feeders its
 * templates name.
 *
 * @example
 * ```ts
 * const r: CompiledRequest = compileRequest('home', { path: '/' }, [], 'scenarios.home', problems, false)!
 * r.build(plan, testCase, 0).path // '/'
 * ```
 */
export interface CompiledRequest {
  /** The feeders its templates name (a function names none: it may read any). */
  readonly named: readonly string[];
  readonly isFunction: boolean;
  build(plan: RequestPlan, testCase: TestCase, seq: number): HttpRequest;
}

/**
 * Checks and compiles a request: templates once, or a function whose result is checked at each
 * call (a bad one fails that request as `script_error`). Problems are reported at `at`;
 * `vars`: whether `{{vars.…}}` may be used (a flow's step). `label` names it in examples.
 *
 * @example
 * ```ts
 * compileRequest('search', { path: '/s?q={{data.words.q}}' }, ['words'], 'scenarios.search', problems, false)?.named // ['words']
 * ```
 */
export function compileRequest(
  label: string,
  request: RequestTemplate | ((ctx: ScriptContext) => ScriptRequest) | undefined,
  feeders: readonly string[],
  at: string,
  problems: Problem[],
  vars: boolean,
): CompiledRequest | undefined {
  if (typeof request === 'function')
    return {
      named: [],
      isFunction: true,
      build: (plan, testCase, seq) => {
        // The rehearsal runs lptf's checks of a request, not the user's function.
        if (plan.rehearsal) return requestOf(STAND_IN, plan, label);
        let r: unknown;
        try {
          r = request(contextOf(testCase, seq, plan.setup));
        } catch (err) {
          throw new RequestFailure('script_error', `request() of ${label} threw ${errorText(err)}`);
        }
        return requestOf(r, plan, label);
      },
    };
  if (typeof request !== 'object' || request === null || typeof request.path !== 'string') {
    problems.push({
      where: `${at}.request`,
      message: 'must be a function (ctx) => ({ path, … }) or { path, method?, headers?, body? }',
    });
    return undefined;
  }
  problems.push(...unknownKeys(request, ['method', 'path', 'headers', 'body'], `${at}.request`));
  const named = new Set<string>();
  const template = (text: unknown, field: string): Template | undefined => {
    if (typeof text !== 'string') {
      problems.push({ where: `${at}.request.${field}`, message: 'must be a text' });
      return undefined;
    }
    for (const m of text.matchAll(/\{\{\s*data\.([A-Za-z0-9_-]+)\./g)) named.add(m[1] as string);
    try {
      return compileTemplate(text, { data: feeders, vars });
    } catch (err) {
      problems.push({ where: `${at}.request.${field}`, message: (err as Error).message });
      return undefined;
    }
  };
  if (!request.path.startsWith('/'))
    problems.push({
      where: `${at}.request.path`,
      message: `"${request.path}" must start with /: it is a path on the URL's origin`,
    });
  const path = template(request.path, 'path');
  const body = request.body === undefined ? undefined : template(request.body, 'body');
  const headers = Object.entries(request.headers ?? {}).map(([k, v]) => {
    if (!isToken(k)) problems.push({ where: `${at}.request.headers`, message: `"${k}" is not a header name` });
    return [k.toLowerCase(), template(v, `headers.${k}`)] as const;
  });
  const method = (request.method ?? (body ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method))
    problems.push({ where: `${at}.request.method`, message: `"${request.method}" is not an HTTP method` });
  return {
    named: [...named],
    isFunction: false,
    build: (plan, testCase, seq) => {
      const tctx = { testCase, seq };
      const text = body?.render(tctx);
      let own = text === undefined ? plan.headers : withContentType(plan.headers, contentTypeOf(text));
      if (headers.length > 0) {
        const rendered: Record<string, string> = { ...own };
        for (const [k, t] of headers) if (t) rendered[k] = t.render(tctx);
        own = rendered;
      }
      const p = path?.render(tctx) ?? '/';
      return text === undefined ? { method, path: p, headers: own } : { method, path: p, headers: own, body: text };
    },
  };
}

/**
 * What a `request()` and a `check()` are told of one request.
 *
 * @example
 * ```ts
 * contextOf(testCase, 7, { token: 't' }).setup // { token: 't' }
 * ```
 */
export function contextOf(testCase: TestCase, seq: number, setup?: unknown): ScriptContext {
  return {
    seq,
    scenario: testCase.group,
    case: testCase.value,
    data: testCase.data ?? NOTHING,
    vars: testCase.vars ?? NOTHING,
    setup,
  };
}

const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/** What the rehearsal builds in place of a `request()` function's request. */
const STAND_IN: ScriptRequest = { method: 'POST', path: '/', body: { rehearsal: true } };

/**
 * A `request()`'s return value (or a setup's `ctx.request`) as a request on the plan's headers, or
 * a `script_error` that says what is wrong with it.
 *
 * @example
 * ```ts
 * requestOf({ method: 'POST', path: '/login', body: { user: 'ann' } }, plan, 'setup').headers['content-type'] // 'application/json'
 * ```
 */
export function requestOf(r: unknown, plan: Pick<RequestPlan, 'headers'>, label: string): HttpRequest {
  const bad = (why: string): never => {
    throw new RequestFailure('script_error', `request() of ${label} returned ${why}`);
  };
  if (typeof r !== 'object' || r === null || Array.isArray(r))
    return bad(
      `${r === null ? 'null' : typeof r}, not { path, method?, headers?, body? }${isThenable(r) ? ' (a promise: request() must return at once)' : ''}`,
    );
  const { path, method, headers, body } = r as ScriptRequest;
  if (isThenable(r)) return bad('a promise: request() must return at once');
  if (typeof path !== 'string' || !path.startsWith('/'))
    return bad(`a path ${JSON.stringify(path)}: it must be a text starting with /`);
  if (/\s/.test(path) || breaksHead(path))
    return bad('a path with a space or a control character: encode it (encodeURIComponent)');
  const m = method === undefined ? (body === undefined ? 'GET' : 'POST') : String(method).toUpperCase();
  if (!/^[A-Z]+$/.test(m)) return bad(`a method ${JSON.stringify(method)}`);
  let text: string | undefined;
  if (body !== undefined) text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = text === undefined ? undefined : typeof body === 'string' ? contentTypeOf(text) : 'application/json';
  let all = type === undefined ? plan.headers : withContentType(plan.headers, type);
  if (headers !== undefined) {
    const own: Record<string, string> = { ...all };
    for (const [k, v] of Object.entries(headers)) {
      if (typeof v !== 'string' || breaksHead(v) || !isToken(k))
        return bad(`a header ${JSON.stringify(k)} that HTTP does not allow`);
      own[k.toLowerCase()] = v;
    }
    all = own;
  }
  return text === undefined ? { method: m, path, headers: all } : { method: m, path, headers: all, body: text };
}

/** Headers objects with a content type added, by the plan's headers and the type. */
const typed = new WeakMap<object, Map<string, Readonly<Record<string, string>>>>();

/**
 * The plan's headers with a content type, unless they name one: the same object for every request
 * of that type, so the transport's cached header block serves them all (a new object per request
 * makes it build the block again each time).
 */
function withContentType(headers: Readonly<Record<string, string>>, type: string): Readonly<Record<string, string>> {
  if ('content-type' in headers) return headers;
  let byType = typed.get(headers);
  if (!byType) {
    byType = new Map();
    typed.set(headers, byType);
  }
  let h = byType.get(type);
  if (!h) {
    h = { ...headers, 'content-type': type };
    byType.set(type, h);
  }
  return h;
}
