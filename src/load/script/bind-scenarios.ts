import type { CaseSource, TestCase } from '../../core/cases/index.js';
import { type Problem, RequestFailure } from '../../core/errors/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { breaksHead, type HttpRequest, type HttpResponse, isToken, statusKind } from '../../core/transport/index.js';
import { contentTypeOf } from '../protocol/content-type.js';
import type { BoundProtocol, RequestPlan } from '../protocol/protocol.js';
import { type Feeder, feederCursor, type Row } from './feeders.js';
import type { CheckVerdict, Scenario, ScriptContext, ScriptRequest, ScriptResponse } from './load-test.js';
import { scenarioMix } from './scenario-mix.js';

/** A scenario's name: a group in every report and a check's `{scenario:…}`. */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const OK: Outcome = { ok: true };

/** How many of a scenario's cases are kept made (beyond them, each arrival makes its own): ~100 B each. */
const OWN_CASES_KEPT = 100_000;

/** The longest reason or error text kept as an example: a report line, not a dump. */
const EXAMPLE_CHARS = 200;

/**
 * A load file's scenarios bound to a plan: the protocol that builds and judges each arrival's
 * request by its scenario, and the arrivals themselves (which scenario, which case, which rows).
 *
 * @example
 * ```ts
 * const bound = bindScenarios(scenarios, feeders, 'checkout.load.ts: scenarios', problems)
 * ```
 */
export interface BoundScenarios {
  readonly names: readonly string[];
  /** Each scenario's share of the arrivals (0..1), by name. */
  readonly shares: readonly { readonly name: string; readonly share: number }[];
  readonly protocol: BoundProtocol;
  /**
   * The arrivals, in order: each goes to its scenario by the run's index (see `scenarioMix`),
   * takes the next case of `cases` and a row of each feeder its scenario draws from. A fresh
   * source each call (the rehearsal's must not move the run's).
   */
  arrivals(cases: CaseSource, seed: number): CaseSource;
}

interface Compiled {
  readonly name: string;
  readonly feeders: readonly number[];
  build(plan: RequestPlan, testCase: TestCase, seq: number): HttpRequest;
  readonly check?: Scenario['check'];
}

/**
 * Checks and compiles a load file's scenarios; every problem is reported (where: `where.<name>`),
 * and undefined is returned if there was any.
 *
 * @example
 * ```ts
 * bindScenarios({ home: { request: { path: '/' } } }, [], 'options.scenarios', problems)?.names // ['home']
 * ```
 */
export function bindScenarios(
  scenarios: Readonly<Record<string, Scenario>>,
  feeders: readonly Feeder[],
  where: string,
  problems: Problem[],
): BoundScenarios | undefined {
  const before = problems.length;
  const entries = Object.entries(scenarios);
  if (entries.length === 0)
    problems.push({ where, message: 'names no scenario; leave it out for the one request of the URL' });
  const feederNames = feeders.map((f) => f.name);
  const compiled: Compiled[] = [];
  const weights: number[] = [];
  for (const [name, s] of entries) {
    const at = `${where}.${name}`;
    if (!NAME.test(name))
      problems.push({ where: at, message: `"${name}" is not a scenario name; use letters, digits, _ . -` });
    if (typeof s !== 'object' || s === null) {
      problems.push({ where: at, message: 'must be an object with a request' });
      continue;
    }
    const weight = s.weight ?? 1;
    if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight))
      problems.push({ where: `${at}.weight`, message: `must be a number >= 0; got ${String(weight)}` });
    weights.push(Number(weight) || 0);
    if (s.check !== undefined && typeof s.check !== 'function')
      problems.push({ where: `${at}.check`, message: 'must be a function (res, ctx) => true, false or a reason' });
    for (const d of s.data ?? [])
      if (!feederNames.includes(d))
        problems.push({
          where: `${at}.data`,
          message: `no feeder "${d}"; the data feeders are: ${feederNames.join(', ') || 'none'}`,
        });
    const c = compile(name, s, feederNames, at, problems);
    if (c) compiled.push(c);
  }
  if (problems.length === before && !weights.some((w) => w > 0))
    problems.push({ where, message: 'the weights sum to 0: no scenario would get an arrival' });
  if (problems.length > before) return undefined;
  const mix = scenarioMix(weights);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const keepBody = compiled.some((c) => c.check);
  const byName = new Map(compiled.map((c) => [c.name, c]));
  const protocol: BoundProtocol = {
    name: 'http',
    keepBody,
    requestBuilder: (plan) => (testCase, seq) => {
      const s = byName.get(testCase.group) as Compiled;
      if (testCase.exhausted !== undefined)
        throw new RequestFailure('data_exhausted', `feeder ${testCase.exhausted}: every row is used (unique)`);
      return s.build(plan, testCase, seq);
    },
    classifier: (plan) => (res, testCase, seq) => {
      if (!plan.isOk(res.status)) return { ok: false, kind: statusKind(res.status) };
      const check = byName.get(testCase.group)?.check;
      return check ? judge(check, testCase.group, res, contextOf(testCase, seq)) : OK;
    },
  };
  return {
    names: compiled.map((c) => c.name),
    shares: compiled.map((c, k) => ({ name: c.name, share: (weights[k] ?? 0) / totalWeight })),
    protocol,
    arrivals(cases, seed) {
      const cursors = feeders.map((f, k) => feederCursor(f, seed + k + 1));
      // A scenario with no feeder sends each case as its own: made once, not per arrival (the
      // allocation showed in the scripted bench's garbage collection).
      const own = compiled.map(() => new Map<TestCase, TestCase>());
      let index = 0;
      return {
        size: cases.size,
        next(): TestCase {
          const k = mix(index++);
          const s = compiled[k] as Compiled;
          const base = cases.next();
          if (s.feeders.length === 0) {
            const mine = own[k] as Map<TestCase, TestCase>;
            let c = mine.get(base);
            if (!c) {
              c = { ...base, group: s.name };
              if (mine.size < OWN_CASES_KEPT) mine.set(base, c);
            }
            return c;
          }
          const data: Record<string, Row> = {};
          let exhausted: string | undefined;
          for (const k of s.feeders) {
            const row = (cursors[k] as () => Row | undefined)();
            if (row) data[(feeders[k] as Feeder).name] = row;
            else exhausted ??= (feeders[k] as Feeder).name;
          }
          return { ...base, group: s.name, data, ...(exhausted === undefined ? {} : { exhausted }) };
        },
      };
    },
  };
}

/** Compiles one scenario's request: templates once, or a function checked at each call. */
function compile(
  name: string,
  s: Scenario,
  feeders: readonly string[],
  at: string,
  problems: Problem[],
): Compiled | undefined {
  const request = s.request;
  if (typeof request === 'function') {
    const draws = s.data ?? feeders;
    return {
      name,
      feeders: draws.map((d) => feeders.indexOf(d)).filter((k) => k >= 0),
      ...(s.check ? { check: s.check } : {}),
      build: (plan, testCase, seq) => {
        let r: unknown;
        try {
          r = request(contextOf(testCase, seq));
        } catch (err) {
          throw new RequestFailure('script_error', `request() of ${name} threw ${errorText(err)}`);
        }
        return requestOf(r, plan, name);
      },
    };
  }
  if (typeof request !== 'object' || request === null || typeof request.path !== 'string') {
    problems.push({
      where: `${at}.request`,
      message: 'must be a function (ctx) => ({ path, … }) or { path, method?, headers?, body? }',
    });
    return undefined;
  }
  const named = new Set<string>();
  const template = (text: unknown, field: string): Template | undefined => {
    if (typeof text !== 'string') {
      problems.push({ where: `${at}.request.${field}`, message: 'must be a text' });
      return undefined;
    }
    for (const m of text.matchAll(/\{\{\s*data\.([A-Za-z0-9_-]+)\./g)) named.add(m[1] as string);
    try {
      return compileTemplate(text, { data: feeders });
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
  const draws = s.data ?? [...named];
  return {
    name,
    feeders: draws.map((d) => feeders.indexOf(d)).filter((k) => k >= 0),
    ...(s.check ? { check: s.check } : {}),
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

/** A `request()`'s return value as a request, or a `script_error` that says what is wrong with it. */
function requestOf(r: unknown, plan: RequestPlan, name: string): HttpRequest {
  const bad = (why: string): never => {
    throw new RequestFailure('script_error', `request() of ${name} returned ${why}`);
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

/** A check's verdict on an answer as an outcome: a failure of kind `check:<scenario>`, or a `script_error`. */
function judge(
  check: NonNullable<Scenario['check']>,
  scenario: string,
  res: HttpResponse,
  ctx: ScriptContext,
): Outcome {
  let verdict: CheckVerdict | unknown;
  try {
    verdict = check(new ScriptAnswer(res), ctx);
  } catch (err) {
    return { ok: false, kind: 'script_error', example: `check() of ${scenario} threw ${errorText(err)}` };
  }
  if (verdict === true || verdict === undefined) return OK;
  if (verdict === false) return { ok: false, kind: `check:${scenario}` };
  if (typeof verdict === 'string') return { ok: false, kind: `check:${scenario}`, example: clip(verdict) };
  return {
    ok: false,
    kind: 'script_error',
    example: `check() of ${scenario} returned ${isThenable(verdict) ? 'a promise' : typeof verdict}: expected true, false or a reason (text), at once`,
  };
}

/** What a `request()` and a `check()` are told of one request. */
function contextOf(testCase: TestCase, seq: number): ScriptContext {
  return { seq, scenario: testCase.group, case: testCase.value, data: testCase.data ?? NO_DATA };
}

const NO_DATA: ScriptContext['data'] = Object.freeze({});

/** An answer as a check sees it; the body is decoded only if the check reads it (one object, methods on the prototype). */
class ScriptAnswer implements ScriptResponse {
  private decoded: string | undefined;
  constructor(private readonly res: HttpResponse) {}
  get status(): number {
    return this.res.status;
  }
  get text(): string {
    this.decoded ??= this.res.body?.toString('utf8') ?? '';
    return this.decoded;
  }
  json(): unknown {
    return JSON.parse(this.text);
  }
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

const isThenable = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

function errorText(err: unknown): string {
  return clip(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
}

const clip = (text: string): string => (text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS)}…` : text);
