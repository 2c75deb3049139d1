import type { DurationText, PlanOptions, StageOption } from '../fields/plan-options.js';

/**
 * What a scenario's `request()` and `check()` are told of one request: its index in the run (a
 * flow's steps share their arrival's), its scenario (a flow's step: `<scenario>.<step>`), its case
 * (from the plan's case files; `{}` without), the row each data feeder gave it, in a user flow
 * what its earlier steps took from their answers (`extract`), and what `setup()` returned.
 *
 * @example
 * ```ts
 * const ctx: ScriptContext = { seq: 7, scenario: 'search', case: {}, data: { words: { q: 'tea' } }, vars: {}, setup: undefined }
 * ```
 */
export interface ScriptContext<S = unknown> {
  readonly seq: number;
  readonly scenario: string;
  readonly case: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly vars: Readonly<Record<string, unknown>>;
  /** What the load test's `setup()` returned (as JSON: the same on every thread); undefined without one. */
  readonly setup: S;
}

/**
 * A request a scenario makes: the path (and query) on the plan's URL's origin; the plan's headers
 * come first, the request's own over them. A body that is not text is sent as JSON.
 *
 * @example
 * ```ts
 * const r: ScriptRequest = { method: 'POST', path: '/search', body: { q: 'tea' } }
 * ```
 */
export interface ScriptRequest {
  /** Default: POST with a body, else GET. */
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Readonly<Record<string, unknown>> | readonly unknown[];
}

/**
 * A request written as templates instead of code: `path`, header values and `body` may hold
 * placeholders (`{{case.<field>}}`, `{{data.<feeder>.<field>}}`, `{{seq}}`, `{{uuid}}`, …).
 *
 * @example
 * ```ts
 * const t: RequestTemplate = { method: 'GET', path: '/items/{{data.items.id}}' }
 * ```
 */
export interface RequestTemplate {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * An answer as a check sees it: its status and its body (read as UTF-8 text when asked).
 *
 * @example
 * ```ts
 * const ok = (res: ScriptResponse) => res.status === 200 && (res.json() as { items: unknown[] }).items.length > 0
 * ```
 */
export interface ScriptResponse {
  readonly status: number;
  /** The body as text. */
  readonly text: string;
  /** The body parsed as JSON (throws if it is not JSON: the check then fails as `script_error`). */
  json(): unknown;
  /**
   * A header's value (several lines joined with `, `), or undefined. Headers are kept for the
   * steps of user flows only: elsewhere this is always undefined (reading them costs CPU on every answer).
   */
  header(name: string): string | undefined;
}

/**
 * What `setup()` and `teardown()` are given: a way to send requests to the plan's URL's origin
 * (the plan's headers first), each recorded apart from the run, in no figure or check.
 *
 * @example
 * ```ts
 * setup: async ({ request }) => ({ token: ((await request({ method: 'POST', path: '/login', body: { user: 'ann' } })).json() as { token: string }).token })
 * ```
 */
export interface LifecycleContext {
  /** Sends one request and resolves with its answer, whatever its status; rejects if none came (refused, timed out). */
  request(req: ScriptRequest): Promise<ScriptResponse>;
}

/**
 * A check's verdict: `true` (or nothing) passes; `false` fails the request as `check:<scenario>`;
 * a text fails it with that text as the reason shown in the report.
 */
export type CheckVerdict = boolean | string | undefined;

/**
 * One step of a user flow: a request, recorded and reported as `<scenario>.<name>`.
 *
 * @example
 * ```ts
 * const login: Step = {
 *   name: 'login',
 *   request: { method: 'POST', path: '/login', body: '{"user":"{{data.users.name}}"}' },
 *   extract: (res) => ({ cart: (res.json() as { cart: string }).cart }),
 *   think: '1s',
 * }
 * ```
 */
export interface Step<S = unknown> {
  /** Letters, digits, `_` and `-`; unique in its flow. */
  readonly name: string;
  /** Its templates may also use `{{vars.<name>}}`: what earlier steps took. */
  readonly request: RequestTemplate | ((ctx: ScriptContext<S>) => ScriptRequest);
  /** Judges an answer whose status the plan accepts; a failure is of kind `check:<scenario>.<step>` and ends the flow. */
  readonly check?: (res: ScriptResponse, ctx: ScriptContext<S>) => CheckVerdict;
  /** Takes values from an accepted answer for the later steps (`ctx.vars`, `{{vars.<name>}}`); a throw fails the step as `script_error`. */
  readonly extract?: (res: ScriptResponse, ctx: ScriptContext<S>) => Readonly<Record<string, unknown>>;
  /** The user's pause after this step's answer, before the next step (`'800ms'`, `'2s'`; default none). */
  readonly think?: DurationText;
}

/**
 * One kind of request in a load test, with its share of the arrivals; or, with `steps`, a user
 * flow: each arrival runs the steps in order, one after the other's answer, with one cookie jar.
 *
 * @example
 * ```ts
 * const search: Scenario = { weight: 3, request: { path: '/search?q={{data.words.q}}' }, check: (res) => res.text.includes('results') || 'no results' }
 * ```
 */
export interface Scenario<S = unknown> {
  /** Its share of the arrivals at the plan's rate (or stages), against the other scenarios' weights (default 1). */
  readonly weight?: number;
  /**
   * Its own arrival rate, in requests per second, for the plan's duration, instead of a share of
   * the plan's rate: its arrivals come on top of the others'.
   */
  readonly rate?: number;
  /** Its own ramp instead of a share (as the plan's `stages`); its stage names scope checks as the plan's do. */
  readonly stages?: readonly (string | StageOption)[];
  /** With `stages`: the rate its first stage starts from (default 0). */
  readonly startRate?: number;
  /**
   * The protocol its requests speak: `wechatWidget({...})` (from `lptf/widget`), or any registered
   * protocol as `{ name, options }`. Each arrival sends its case through it: its `request` may then
   * give only a `path` (on the URL's origin; default the URL's) and fixed `headers`, as the protocol
   * makes the rest. Default: the plan's protocol (`--protocol`, a preset's), plain HTTP unless named.
   */
  readonly protocol?: ScenarioProtocol;
  /**
   * The plan's case group its arrivals draw from, in its own shuffled order (`cases: { normal: … }`
   * → `'normal'`); default: every case of the plan, in the order the scenarios share.
   */
  readonly caseGroup?: string;
  /** The request of each arrival; a user flow gives `steps` instead. */
  readonly request?: RequestTemplate | ((ctx: ScriptContext<S>) => ScriptRequest);
  /**
   * A user flow: an arrival starts it; each step is sent after the previous one's accepted answer
   * (and its think time); a failed step ends the flow. Its latency runs from when the step was
   * meant to go out: the arrival's due time for the first, the answer plus think time for the rest.
   */
  readonly steps?: readonly Step<S>[];
  /**
   * A flow's cookie jar (default true): each arrival starts with an empty one, keeps what
   * `Set-Cookie` sets (by name; `Max-Age=0` or a past `Expires` removes) and sends it with its later steps.
   */
  readonly cookies?: boolean;
  /** Judges an answer whose status the plan accepts (`okStatus`); without it, the status alone decides. */
  readonly check?: (res: ScriptResponse, ctx: ScriptContext<S>) => CheckVerdict;
  /**
   * Redirects its requests follow before they are judged, over the plan's `followRedirects`
   * (default 10); 0 judges a 3xx as it is. A flow's hops take and send its cookies.
   */
  readonly followRedirects?: number;
  /**
   * The feeders it draws a row from for each request: by default those its template names; a
   * `request()` function draws from every feeder unless it lists its own.
   */
  readonly data?: readonly string[];
}

/**
 * A scenario's protocol: a registered protocol's name (`http`, `wechat-widget`, a plug-in's) and
 * values of its plan fields by config key. A field it leaves out is read from the plan (flags,
 * environment, config file), as the plan's own protocol's is: credentials may stay in `LPTF_*`.
 *
 * @example
 * ```ts
 * const p: ScenarioProtocol = { name: 'wechat-widget', options: { plain: true } }
 * ```
 */
export interface ScenarioProtocol {
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * How a feeder hands out its rows: `shuffle` (a shuffled order, kept each pass, so a row repeats
 * as late as possible; the default), `sequence` (in file order, round and round), `random` (any
 * row each time, seeded), `unique` (each row at most once: when they run out, its scenarios'
 * requests fail as `data_exhausted` and the report says so).
 */
export type FeederMode = 'shuffle' | 'sequence' | 'random' | 'unique';

/**
 * A data feeder: rows from a file (JSON Lines, CSV with a header row, or a JSON array of
 * objects; relative to the load file) or given inline.
 *
 * @example
 * ```ts
 * const users: DataSource = { file: 'users.csv', mode: 'unique' }
 * ```
 */
export interface DataSource {
  readonly file?: string;
  readonly rows?: readonly Readonly<Record<string, unknown>>[];
  readonly mode?: FeederMode;
  /**
   * What a `unique` feeder's running out does: `'fail'` (the default: each later arrival that
   * needs a row is not sent, counted as `data_exhausted`) or `'end'` (the run ends there, as
   * Gatling's feeders do; the report says when and why).
   */
  readonly exhausted?: 'fail' | 'end';
}

/**
 * A load test's plan, one declaration for a load file's `loadTest()`, `run()` and `start()`:
 * every field `lptf run` takes (flags, the environment and a config file override a file's), its
 * scenarios and its data feeders. A field it does not know is refused, never ignored.
 *
 * @example
 * ```ts
 * const o: LoadTestOptions = { url: 'http://127.0.0.1:8080', stages: ['10s:400', '20s:400'], scenarios: { home: { request: { path: '/' } } } }
 * ```
 */
export interface LoadTestOptions<S = unknown> extends PlanOptions {
  /** Named scenarios; without any, the plan's URL, method and body are the one request, as with flags. */
  readonly scenarios?: Readonly<Record<string, Scenario<S>>>;
  readonly data?: Readonly<Record<string, DataSource>>;
  /**
   * Runs once per test process before the first arrival (once per `--segment`: each is a process),
   * after a `--watch-cmd` service is up; its requests (`ctx.request`) are recorded apart, in no
   * figure or check. What it returns reaches every scenario on every thread as `ctx.setup`, as JSON.
   * A throw, or a value JSON cannot carry, stops the run before any traffic (exit 2).
   */
  readonly setup?: (ctx: LifecycleContext) => S | Promise<S>;
  /**
   * Runs once after the last answer, also after Ctrl-C, with what `setup()` returned. A throw is
   * reported and fails the run's exit code (1); the figures stand.
   */
  readonly teardown?: (setup: S, ctx: LifecycleContext) => unknown;
}

/** The brand `loadTest()` puts on what it returns. */
const LOAD_TEST = Symbol.for('lptf.load-test');

/**
 * A load test as a load file exports it.
 *
 * @example
 * ```ts
 * const t: LoadTest = loadTest({ url: 'http://127.0.0.1:8080/' })
 * ```
 */
export interface LoadTest<S = unknown> {
  readonly [LOAD_TEST]: true;
  readonly options: LoadTestOptions<S>;
}

/**
 * Declares a load file's test: `export default loadTest({...})`, run by `lptf run file.load.ts`.
 * It only wraps the options; lptf checks them, with every problem at once, before any traffic.
 *
 * @example
 * ```ts
 * export default loadTest({
 *   url: 'http://127.0.0.1:8080',
 *   stages: ['10s:400', '20s:400:steady'],
 *   checks: ['p(95){stage:steady} <= 100ms'],
 *   scenarios: {
 *     browse: { weight: 3, request: { path: '/items' } },
 *     search: { weight: 1, request: (ctx) => ({ path: `/search?q=${ctx.seq}` }), check: (res) => res.text.includes('"hits"') },
 *   },
 * })
 * ```
 */
export function loadTest<S = unknown>(options: LoadTestOptions<S>): LoadTest<S> {
  return { [LOAD_TEST]: true, options };
}

/**
 * Whether a module's export is a `loadTest()`.
 *
 * @example
 * ```ts
 * isLoadTest(mod.default)
 * ```
 */
export function isLoadTest(value: unknown): value is LoadTest {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LOAD_TEST] === true;
}
