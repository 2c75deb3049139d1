import type { TestCase } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import type { NextStep } from '../../core/run/request-sender.js';
import type { Said } from '../../core/said.js';
import type { Template } from '../../core/template/index.js';
import type { HttpRequest, HttpResponse, Transport, TransportOptions } from '../../core/transport/index.js';
import type { Section } from '../../render/section.js';
import type { FieldSpec, Sourced } from '../fields/field.js';

/**
 * The request a plan describes, before a protocol has its say: method, path and body templates,
 * headers, and which statuses count as OK.
 *
 * @example
 * ```ts
 * const r: RequestPlan = { method: 'GET', path: compileTemplate('/'), headers: {}, isOk: (s) => s < 400 }
 * ```
 */
export interface RequestPlan {
  readonly method: string;
  readonly path: Template;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Template;
  readonly isOk: (status: number) => boolean;
  /**
   * Set when the builders and judges are made for the rehearsal (throwaway data before the run,
   * nothing sent): they run lptf's own code only, never a user's (a load file's `request()`,
   * `check()`, `extract()`), whose side effects the user did not ask for.
   */
  readonly rehearsal?: boolean;
  /** What a load file's `setup()` returned, for its code (`ctx.setup`); undefined without one. */
  readonly setup?: unknown;
}

/**
 * What a protocol reads its fields through while a plan is resolved: every problem it reports
 * joins the plan's, so the user sees them all at once.
 *
 * @example
 * ```ts
 * const plain = ctx.get('plain')?.value === true
 * if (bad) ctx.problem({ where: '--token', message: 'required' })
 * ```
 */
export interface ProtocolContext {
  /** A field's value from the topmost layer that sets it. */
  get(field: string): Sourced | undefined;
  problem(problem: Problem): void;
  /** How many case files the plan sends. */
  readonly caseFiles: number;
}

/**
 * A protocol bound to one plan: how its requests are built and its answers judged. Built once per
 * sender; the functions it returns run per request, on the hot path.
 *
 * @example
 * ```ts
 * const build = bound.requestBuilder(request)
 * transport.send(build(testCase, seq), done)
 * ```
 */
export interface BoundProtocol {
  /** The registered protocol's name, recorded in the result. */
  readonly name: string;
  /** The method when the plan names none and has no body (the widget always POSTs). */
  readonly defaultMethod?: string;
  /** Whether answers' bodies are kept for `classify` (plain HTTP only counts their bytes). */
  readonly keepBody: boolean;
  /**
   * Its own way onto the wire (HTTP/2's multiplexed connections), in place of lptf's HTTP/1.1
   * client; undefined: the plan's `--client`.
   */
  readonly transport?: ProtocolTransport;
  /**
   * Whether its requests are a scenario's own plain HTTP requests (method, body, `request()`,
   * flows), only carried by its `transport`: a load file's scenario that speaks it is written as a
   * plain HTTP one. Otherwise the protocol makes each request from its case (the widget).
   */
  readonly plainHttp?: boolean;
  /** Whether answers' headers are kept for `classify` (a user flow's cookies read them). */
  readonly keepHeaders?: boolean;
  /**
   * Set when its arrivals are sessions (WebSocket's): each arrival's first request opens one, then
   * this many more follow it through `nextStep`, the n-th recorded in `stepGroup(group, n)`, so that
   * a plan knows every group it records (its checks name them; its result holds them).
   */
  readonly sessionSteps?: number;
  /**
   * Whether the run may rehearse its builder and judge on throwaway data before the start (see
   * `RequestPlan.rehearsal`): lptf's own protocols do, and leave a user's code out. A plug-in's
   * code is its author's: without this, only lptf's recording path is rehearsed.
   */
  readonly rehearses?: boolean;
  /**
   * Whether its requests follow redirects (`--follow-redirects`): plain HTTP's do; a protocol
   * whose service never redirects (the widget's) judges a 3xx as it is.
   */
  readonly followsRedirects?: boolean;
  /** A request's own limit of redirects (a scenario's `followRedirects`), over the plan's; undefined: the plan's. */
  redirectsOf?(testCase: TestCase): number | undefined;
  /** The next hop of a redirect as this protocol sends it (a user flow adds its cookies, after taking the hop's). */
  redirected?(testCase: TestCase, res: HttpResponse, next: HttpRequest): HttpRequest;
  /** Builds each request from the plan's (`seq` is the request's index in the whole run). */
  requestBuilder(request: RequestPlan): (testCase: TestCase, seq: number) => HttpRequest;
  /** Judges each answer, knowing the case and the index of the request it answers. */
  classifier(request: RequestPlan): (response: HttpResponse, testCase: TestCase, seq: number) => Outcome;
  /**
   * A user flow's next step after an accepted answer (see `SendOptions.nextStep`; `seq` is the
   * arrival's index in the whole run, shared by its flow's steps); without it, one request per arrival.
   */
  readonly nextStep?: (testCase: TestCase, seq: number) => NextStep | undefined;
  /** Warnings about the cases, for the report (the widget's shape of a query); in both languages where it can. */
  caseWarnings?(groups: readonly { readonly label: string; readonly cases: readonly TestCase[] }[]): (string | Said)[];
  /** Warnings about the run as it went, for the report (a case that repeats sooner than the service's cache time). */
  runWarnings?(run: RunView): (string | Said)[];
}

/**
 * A protocol's own transport, opened once per sender (a thread, a segment's share of the plan).
 *
 * @example
 * ```ts
 * const t = bound.transport?.open('http://127.0.0.1:8080', { connections: 100, timeoutMs: 10_000 }, (n) => n)
 * ```
 */
export interface ProtocolTransport {
  /** What `--debug` prints as a request's version: `HTTP/2`. */
  readonly version: string;
  /**
   * Opens it for one sender; `share` gives this sender's share of a count of the whole plan's
   * (its fields' connections, divided among threads and segments as `--max-inflight` is).
   */
  open(origin: string, options: TransportOptions, share: (n: number) => number): Transport;
}

/**
 * What a bound protocol is told of a finished run: the planned rate (0 in a closed loop), how many
 * cases it cycled through, and what it tallied of the answers.
 *
 * @example
 * ```ts
 * const run: RunView = { rate: 200, cases: 333, tallies: { 'lifespan=60': 6000 } }
 * ```
 */
export interface RunView {
  readonly rate: number;
  readonly cases: number;
  readonly tallies: Readonly<Record<string, number>>;
}

/**
 * What a protocol may add to a run's report: the figures it tallied, per scope.
 *
 * @example
 * ```ts
 * const view: ProtocolResultView = { errCodes: { '0': 5 }, tallies: {}, achievedRate: 200, target: { rate: 200, durationSec: 30, cases: [] }, groups: {}, elapsedSec: 30, interrupted: false, checks: [] }
 * ```
 */
export interface ProtocolResultView {
  readonly errCodes: Readonly<Record<string, number>>;
  readonly tallies: Readonly<Record<string, number>>;
  readonly achievedRate: number;
  readonly target: {
    readonly rate: number;
    readonly durationSec: number;
    readonly cases: readonly { readonly group: string; readonly count: number }[];
  };
  readonly groups: Readonly<Record<string, { readonly errCodes: Readonly<Record<string, number>> }>>;
  /** How long the schedule ran, whether it was interrupted or ended early, and its checks. */
  readonly elapsedSec: number;
  readonly interrupted: boolean;
  readonly endedEarly?: string;
  readonly checks: readonly { readonly name: string; readonly pass: boolean; readonly actual: number | null }[];
}

/**
 * The protocol seam: everything lptf knows of what its requests speak. Plain HTTP is one
 * protocol and the WeChat widget another; a new one is a file and a `protocols.register` line.
 *
 * @example
 * ```ts
 * const echo: Protocol = { name: 'echo', fields: [], bind: () => ({ name: 'echo', keepBody: true, requestBuilder, classifier }) }
 * protocols.register(echo)
 * ```
 */
export interface Protocol {
  readonly name: string;
  /** Its own plan fields (flags, config keys, environment variables, which are secret). */
  readonly fields: readonly FieldSpec[];
  /** Reads its fields for one plan; reports problems through `ctx` and returns undefined if any. */
  bind(ctx: ProtocolContext): BoundProtocol | undefined;
  /** Sections of its own for a run's report, in the report's language, placed after the latency sections. */
  sections?(result: ProtocolResultView, lang: 'zh' | 'en'): Section[];
  /** Its own words for a check's row, by metric (`expected_rate` is the widget's `err_code 符合预期`). */
  readonly checkLabels?: Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
  /** Its warnings about answers (`BoundProtocol`'s outcomes' `warning`) in both languages, by their English text. */
  readonly warningWords?: Readonly<Record<string, Said>>;
}

/**
 * The group the n-th step after an arrival's first is recorded in, for a protocol whose arrivals
 * are sessions (see `BoundProtocol.sessionSteps`).
 *
 * @example
 * ```ts
 * stepGroup('chat', 2) // 'chat.2'
 * ```
 */
export function stepGroup(group: string, step: number): string {
  return `${group}.${step}`;
}

/**
 * Every group a plan's arrivals of `group` are recorded in under a protocol: the group itself, and
 * a session's later steps' groups.
 *
 * @example
 * ```ts
 * groupsOf('chat', { sessionSteps: 2 }) // ['chat', 'chat.1', 'chat.2']
 * ```
 */
export function groupsOf(group: string, protocol: Pick<BoundProtocol, 'sessionSteps'> | undefined): string[] {
  const steps = protocol?.sessionSteps ?? 0;
  return [group, ...Array.from({ length: steps }, (_, i) => stepGroup(group, i + 1))];
}
