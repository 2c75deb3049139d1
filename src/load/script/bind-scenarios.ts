import { type CaseGroup, type CaseSource, shuffledCases, type TestCase } from '../../core/cases/index.js';
import { type Problem, RequestFailure } from '../../core/errors/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import type { NextStep } from '../../core/run/request-sender.js';
import type { Stage } from '../../core/schedule/index.js';
import { type HttpRequest, type HttpResponse, statusKind } from '../../core/transport/index.js';
import { parseDuration } from '../../core/units/index.js';
import type { Sourced } from '../fields/field.js';
import { MAX_GROUPS, MAX_SCENARIOS } from '../fields/plan-bounds.js';
import { FOLLOW_REDIRECTS, RATE } from '../fields/run-fields.js';
import { nameStages, STAGES, START_RATE } from '../fields/stage-fields.js';
import { type BoundProtocol, groupsOf, type RequestPlan } from '../protocol/protocol.js';
import { type CompiledRequest, compileRequest, contextOf } from './compile-request.js';
import { CookieJar } from './cookie-jar.js';
import { type Feeder, feederCursor, type Row } from './feeders.js';
import type { CheckVerdict, Scenario, ScriptContext, ScriptResponse, Step } from './load-test.js';
import { compileProtocolRequest, type ProtocolRequest } from './protocol-request.js';
import { scenarioMix } from './scenario-mix.js';
import { judge, ScriptAnswer } from './script-answer.js';
import { errorText, isThenable } from './script-text.js';
import { unknownKeys } from './unknown-keys.js';

/** A scenario's name: a group in every report and a check's `{scenario:…}`. */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** A flow step's name: its group is `<scenario>.<step>`. */
const STEP_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** What a scenario may say, as a load file writes it: anything else is a typo, refused. */
const SCENARIO_KEYS = [
  'weight',
  'rate',
  'stages',
  'startRate',
  'protocol',
  'caseGroup',
  'request',
  'steps',
  'cookies',
  'check',
  'data',
  'followRedirects',
] as const satisfies readonly (keyof Scenario)[];
/** What a flow's step may say. */
const STEP_KEYS = ['name', 'request', 'check', 'extract', 'think'] as const satisfies readonly (keyof Step)[];
/** The most steps a flow may have. */
const MAX_STEPS = 100;
/** The longest think time: an hour (a test's users do not leave for longer). */
const MAX_THINK_MS = 3_600_000;

const OK: Outcome = { ok: true };

/** What a `check` must be, as a problem says it. */
const CHECK_SHAPE = 'must be a function (res, ctx) => true, false or a reason';

/** How many of a scenario's cases are kept made (beyond them, each arrival makes its own): ~100 B each. */
const OWN_CASES_KEPT = 100_000;

/**
 * A load file's scenarios bound to a plan: the protocol that builds and judges each arrival's
 * request by its scenario (and runs a user flow's later steps), and the arrivals themselves
 * (which scenario, which case, which rows).
 *
 * @example
 * ```ts
 * const bound = bindScenarios(scenarios, feeders, 'checkout.load.ts: scenarios', problems)
 * ```
 */
export interface BoundScenarios {
  /** The groups requests are recorded in: each scenario's name, or a flow's `<scenario>.<step>`. */
  readonly names: readonly string[];
  /**
   * The scenarios with arrivals of their own (a rate or stages), in order: part `j` of the run's
   * schedule is `own[j]`'s; the scenarios that share the plan's rate by weight, if any, are the last part.
   */
  readonly own: readonly OwnArrivals[];
  /** Whether some scenarios share the plan's rate (or stages) by weight. */
  readonly pooled: boolean;
  /** Each scenario's share of the arrivals (0..1), by name, and a flow's number of steps. */
  readonly shares: readonly { readonly name: string; readonly share: number; readonly steps?: number }[];
  readonly protocol: BoundProtocol;
  /**
   * The arrivals, in order: each goes to its scenario by the run's index (see `scenarioMix`; with
   * scenarios of their own arrivals, by `partOf`, the run's schedule's part of each index), takes
   * the next case of `cases` (or of its own `caseGroup` of `groups`, in its own order) and a row of
   * each feeder its scenario draws from. A fresh source each call (the rehearsal's must not move the run's).
   */
  arrivals(
    cases: CaseSource,
    seed: number,
    partOf?: (index: number) => number,
    groups?: readonly CaseGroup[],
  ): CaseSource;
}

/**
 * What a load file's scenarios are told of the plan: its protocol (what a scenario naming none
 * speaks), how a scenario's own `protocol` is bound (its problems reported; undefined if any), and
 * the case groups a scenario's `caseGroup` may name.
 *
 * @example
 * ```ts
 * const plan: ScenarioPlan = { protocol: httpBound, bindProtocol: (choice, where) => bindChoice(choice, where), caseGroups: ['normal'] }
 * ```
 */
export interface ScenarioPlan {
  /** Undefined when it could not be bound (its problems are the plan's). */
  readonly protocol: BoundProtocol | undefined;
  bindProtocol(choice: unknown, where: string): BoundProtocol | undefined;
  readonly caseGroups: readonly string[];
}

/**
 * A scenario's own arrivals: a constant rate for the plan's duration, or stages.
 *
 * @example
 * ```ts
 * const o: OwnArrivals = { scenario: 'health', rate: 5 }
 * ```
 */
export interface OwnArrivals {
  readonly scenario: string;
  readonly rate?: number;
  readonly stages?: readonly Stage[];
  readonly startRate?: number;
}

interface CompiledStep {
  /** Where its requests are recorded: the scenario's name, or `<scenario>.<step>`. */
  readonly group: string;
  /** Its request in plain HTTP; a scenario that speaks another protocol has `via` instead. */
  readonly request?: CompiledRequest;
  readonly check?: (res: ScriptResponse, ctx: ScriptContext) => CheckVerdict;
  readonly extract?: Step['extract'];
  readonly thinkMs: number;
}

interface Compiled {
  readonly name: string;
  readonly feeders: readonly number[];
  /** One for a plain scenario; a flow's in order. */
  readonly steps: readonly CompiledStep[];
  readonly flow: boolean;
  readonly cookies: boolean;
  /** The plan's case group it draws from, if not all. */
  readonly caseGroup?: string;
  /** The protocol it speaks when it is not plain HTTP, and what its request gives that protocol. */
  readonly via?: { readonly protocol: BoundProtocol; readonly request: ProtocolRequest };
  /** Its own limit of redirects, over the plan's. */
  readonly followRedirects?: number;
}

/** Where one arrival's flow stands: its step, its cookies and what its steps took. */
interface FlowState {
  readonly scenario: Compiled;
  readonly step: number;
  readonly jar: CookieJar | undefined;
  readonly vars: Record<string, unknown>;
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
  plan?: ScenarioPlan,
): BoundScenarios | undefined {
  const before = problems.length;
  const entries = Object.entries(scenarios);
  if (entries.length === 0)
    problems.push({ where, message: 'names no scenario; leave it out for the one request of the URL' });
  if (entries.length > MAX_SCENARIOS)
    return void problems.push({
      where,
      message: `${entries.length} scenarios are more than ${MAX_SCENARIOS}, more than a result file holds`,
    });
  const feederNames = feeders.map((f) => f.name);
  const compiled: Compiled[] = [];
  const weights: number[] = [];
  /** The scenarios with their own arrivals, with where they are in `compiled`. */
  const ownParts: (OwnArrivals & { index: number })[] = [];
  /** Whether a scenario's protocol could not be bound (its problem is reported, maybe before this call). */
  let unbound = false;
  // Which client each scenario goes over (`http`: the plan's --client; a protocol's own transport by its name): a run has one.
  const carriers = new Map<string, BoundProtocol | undefined>();
  let carried: BoundProtocol | undefined;
  for (const [name, s] of entries) {
    const at = `${where}.${name}`;
    if (!NAME.test(name))
      problems.push({ where: at, message: `"${name}" is not a scenario name; use letters, digits, _ . -` });
    if (typeof s !== 'object' || s === null) {
      problems.push({ where: at, message: 'must be an object with a request (or steps)' });
      continue;
    }
    problems.push(...unknownKeys(s, SCENARIO_KEYS, at));
    const arrivals = ownArrivals(name, s, at, problems);
    if (arrivals && s.weight !== undefined)
      problems.push({
        where: `${at}.weight`,
        message: "is a share of the plan's rate; a scenario with its own rate or stages has none",
      });
    const weight = arrivals ? 0 : (s.weight ?? 1);
    if (typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight))
      problems.push({ where: `${at}.weight`, message: `must be a number >= 0; got ${String(weight)}` });
    weights.push(Number(weight) || 0);
    if (arrivals) ownParts.push({ ...arrivals, scenario: name, index: compiled.length });
    for (const d of s.data ?? [])
      if (!feederNames.includes(d))
        problems.push({
          where: `${at}.data`,
          message: `no feeder "${d}"; the data feeders are: ${feederNames.join(', ') || 'none'}`,
        });
    const groups = plan?.caseGroups ?? [];
    if (s.caseGroup !== undefined && !groups.includes(s.caseGroup))
      problems.push({
        where: `${at}.caseGroup`,
        message: `the plan has no case group ${JSON.stringify(s.caseGroup)}; ${groups.length > 0 ? `its groups: ${groups.join(', ')}` : 'it sends no case files (cases: { name: file })'}`,
      });
    const bound = boundOf(s, plan, at, problems);
    if (bound === null) {
      unbound = true;
      continue;
    }
    const speaks = bound && !speaksPlainHttp(bound) ? bound : undefined;
    const carrier = bound?.transport ? bound : undefined;
    carriers.set(name, carrier);
    if (carrier) carried = carrier;
    // Read as the plan's field is: one bound, one message.
    const redirects =
      s.followRedirects === undefined
        ? undefined
        : FOLLOW_REDIRECTS.parse({ value: s.followRedirects, where: `${at}.followRedirects` }, (src, message) => {
            problems.push({ where: src.where, message });
            return undefined;
          });
    const c =
      s.steps !== undefined
        ? compileFlow(name, s, feederNames, at, problems, speaks)
        : speaks
          ? compileVia(name, s, speaks, at, problems)
          : compileScenario(name, s, feederNames, at, problems);
    if (c)
      compiled.push({
        ...c,
        ...(typeof s.caseGroup === 'string' ? { caseGroup: s.caseGroup } : {}),
        ...(typeof redirects === 'number' ? { followRedirects: redirects } : {}),
      });
  }
  const clientProblem = oneClient(carriers);
  if (clientProblem) problems.push({ where, message: clientProblem });
  const vias = [...new Set(compiled.flatMap((c) => (c.via ? [c.via.protocol.name] : [])))];
  if (vias.length > 1)
    problems.push({
      where,
      message: `the scenarios speak ${vias.join(' and ')}: a run's report reads one protocol besides plain HTTP`,
    });
  const groups = compiled.flatMap((c) => c.steps.map((st) => st.group));
  if (groups.length > MAX_GROUPS)
    problems.push({
      where,
      message: `${groups.length} scenarios and flow steps are more than ${MAX_GROUPS}, more than a result file holds`,
    });
  for (const g of new Set(groups.filter((g, i) => groups.indexOf(g) !== i)))
    problems.push({ where, message: `"${g}" is both a scenario and a flow's step: rename one` });
  const pooled = ownParts.length < compiled.length;
  if (problems.length === before && pooled && !weights.some((w) => w > 0))
    problems.push({ where, message: 'the weights sum to 0: no scenario would get an arrival' });
  if (problems.length > before || unbound) return undefined;
  // The pool's mix runs over the scenarios that share the plan's rate; with none, it is never asked.
  const mix = pooled ? scenarioMix(weights) : () => (ownParts[0] as { index: number }).index;
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const stepOf = new Map(compiled.filter((c) => !c.flow).map((c) => [c.name, c.steps[0] as CompiledStep]));
  // Each arrival of a flow is a new case object, and so is each of its steps: its state is kept by it.
  const flows = new WeakMap<TestCase, FlowState>();
  const hasFlows = compiled.some((c) => c.flow);
  const viaScenarios = compiled.filter((c) => c.via);
  // A protocol whose arrivals are sessions (WebSocket's) takes its own next steps, each recorded in
  // the group it names: a step's case is kept with its scenario's name, by which it is built and judged.
  const viaSteps = new WeakMap<TestCase, string>();
  const viaGroup = (testCase: TestCase): string => viaSteps.get(testCase) ?? testCase.group;
  const viaNext = new Map(
    viaScenarios.flatMap((c) => (c.via?.protocol.nextStep ? [[c.name, c.via.protocol] as const] : [])),
  );
  // The protocol besides plain HTTP that some scenarios speak: the result is recorded as its, so
  // its report sections, check labels and warnings are the run's.
  const other = viaScenarios[0]?.via?.protocol;
  // A scenario's own limit of redirects, by each group it records under; one that speaks another
  // protocol follows as that protocol does (the widget's judges a 3xx as it is).
  const redirectLimits = new Map<string, number>();
  for (const c of compiled) {
    const limit = c.via ? (c.via.protocol.followsRedirects ? c.followRedirects : 0) : c.followRedirects;
    if (limit !== undefined) for (const st of c.steps) redirectLimits.set(st.group, limit);
  }
  const protocol: BoundProtocol = {
    name: other?.name ?? carried?.name ?? 'http',
    ...(carried?.transport ? { transport: carried.transport } : {}),
    rehearses: viaScenarios.every((c) => c.via?.protocol.rehearses),
    followsRedirects: compiled.some((c) => !c.via || c.via.protocol.followsRedirects),
    ...(redirectLimits.size > 0 ? { redirectsOf: (testCase: TestCase) => redirectLimits.get(testCase.group) } : {}),
    redirected: (testCase, res, next) => {
      // A flow's hop takes the cookies its answer set and sends the jar's, as a browser does.
      const flow = hasFlows ? flows.get(testCase) : undefined;
      if (!flow?.jar) return next;
      if (res.headers) flow.jar.take(setCookies(res));
      const cookie = flow.jar.header();
      const { cookie: _, ...headers } = next.headers;
      return cookie === undefined ? { ...next, headers } : { ...next, headers: { ...headers, cookie } };
    },
    keepBody: compiled.some((c) => c.via?.protocol.keepBody || c.steps.some((st) => st.check || st.extract)),
    keepHeaders: hasFlows || viaScenarios.some((c) => c.via?.protocol.keepHeaders),
    ...(other?.defaultMethod ? { defaultMethod: other.defaultMethod } : {}),
    requestBuilder: (plan) => {
      const via = viaMap(viaScenarios, (v) => v.protocol.requestBuilder(viaPlan(plan, v.request)));
      return (testCase, seq) => {
        if (testCase.exhausted !== undefined)
          throw new RequestFailure('data_exhausted', `feeder ${testCase.exhausted}: every row is used (unique)`);
        const flow = hasFlows ? flows.get(testCase) : undefined;
        if (!flow) {
          const build = via?.get(viaGroup(testCase));
          if (build) return build(testCase, seq);
          return ((stepOf.get(testCase.group) as CompiledStep).request as CompiledRequest).build(plan, testCase, seq);
        }
        const step = flow.scenario.steps[flow.step] as CompiledStep;
        const request = (step.request as CompiledRequest).build(plan, testCase, seq);
        const cookie = flow.jar?.header();
        return cookie === undefined ? request : withCookie(request, cookie);
      };
    },
    classifier: (plan) => {
      const via = viaMap(viaScenarios, (v) => v.protocol.classifier(viaPlan(plan, v.request)));
      return (res, testCase, seq) => {
        const flow = hasFlows ? flows.get(testCase) : undefined;
        if (flow?.jar && res.headers) flow.jar.take(setCookies(res));
        const classify = via?.get(viaGroup(testCase));
        const step = flow ? flow.scenario.steps[flow.step] : stepOf.get(viaGroup(testCase));
        if (classify) {
          // The protocol judges first; a scenario's own check then judges what it accepted.
          const outcome = classify(res, testCase, seq);
          if (!outcome.ok || !step?.check || plan.rehearsal) return outcome;
          const verdict = judgeStep(step, res, contextOf(testCase, seq, plan.setup), undefined);
          return verdict.ok ? outcome : verdict;
        }
        if (!plan.isOk(res.status)) return { ok: false, kind: statusKind(res.status) };
        // The rehearsal never calls a user's check() or extract(): their side effects were not asked for.
        if ((!step?.check && !step?.extract) || plan.rehearsal) return OK;
        return judgeStep(step, res, contextOf(testCase, seq, plan.setup), flow?.vars);
      };
    },
    ...(other?.caseWarnings ? { caseWarnings: other.caseWarnings.bind(other) } : {}),
    ...(other?.runWarnings ? { runWarnings: other.runWarnings.bind(other) } : {}),
    ...(hasFlows || viaNext.size > 0
      ? {
          nextStep: (testCase: TestCase, seq: number): NextStep | undefined => {
            const flow = hasFlows ? flows.get(testCase) : undefined;
            if (!flow) {
              const name = viaGroup(testCase);
              const next = viaNext.get(name)?.nextStep?.(testCase, seq);
              if (next) viaSteps.set(next.testCase, name);
              return next;
            }
            const step = flow.scenario.steps[flow.step];
            const next = flow.scenario.steps[flow.step + 1];
            if (!step || !next) return undefined;
            const nextCase: TestCase = { ...testCase, group: next.group, vars: flow.vars };
            flows.set(nextCase, { ...flow, step: flow.step + 1 });
            return { testCase: nextCase, afterMs: step.thinkMs };
          },
        }
      : {}),
  };
  return {
    names: groups,
    own: ownParts.map(({ index: _, ...o }) => o),
    pooled,
    shares: compiled.map((c, k) => ({
      name: c.name,
      share: (weights[k] ?? 0) / totalWeight,
      ...(c.flow ? { steps: c.steps.length } : {}),
    })),
    protocol,
    arrivals(cases, seed, partOf, groups = []) {
      const cursors = feeders.map((f, k) => feederCursor(f, seed + k + 1));
      // A scenario's own case group is its own shuffled order (the longest gap between repeats of
      // a case, as the plan's); a group the plan lacks was refused before.
      const ownCases = compiled.map((c) => {
        const g = c.caseGroup === undefined ? undefined : groups.filter((x) => x.label === c.caseGroup);
        return g?.some((x) => x.cases.length > 0) ? shuffledCases(g, seed) : undefined;
      });
      // A scenario with no feeder sends each case as its own: made once, not per arrival (the
      // allocation showed in the scripted bench's garbage collection). A flow's arrival is its own
      // object: it keys the flow's state.
      const own = compiled.map(() => new Map<TestCase, TestCase>());
      // Arrival `index` of the whole run (a stripe walks them all, taking its own): a part of the
      // schedule that is a scenario's own arrivals is that scenario; the pool's go by its mix.
      let index = 0;
      let pooledIndex = 0;
      return {
        size: cases.size,
        next(): TestCase {
          const part = partOf?.(index++);
          const k =
            part !== undefined && part < ownParts.length
              ? (ownParts[part] as { index: number }).index
              : mix(pooledIndex++);
          const s = compiled[k] as Compiled;
          const base = (ownCases[k] ?? cases).next();
          const group = (s.steps[0] as CompiledStep).group;
          if (s.feeders.length === 0 && !s.flow) {
            const mine = own[k] as Map<TestCase, TestCase>;
            let c = mine.get(base);
            if (!c) {
              c = { ...base, group, caseGroup: base.group };
              if (mine.size < OWN_CASES_KEPT) mine.set(base, c);
            }
            return c;
          }
          const data: Record<string, Row> = {};
          let exhausted: string | undefined;
          for (const k of s.feeders) {
            const row = (cursors[k] as () => Row | undefined)();
            const feeder = feeders[k] as Feeder;
            if (row) data[feeder.name] = row;
            // A feeder told to end the run when it runs dry ends it at this arrival.
            else if (feeder.endsRun)
              return {
                ...base,
                group,
                endsRun: `the unique feeder ${feeder.name} ran dry: its ${feeder.rows.length} rows are used`,
              };
            else exhausted ??= feeder.name;
          }
          const arrival: TestCase = {
            ...base,
            group,
            caseGroup: base.group,
            ...(s.feeders.length > 0 ? { data } : {}),
            ...(exhausted === undefined ? {} : { exhausted }),
          };
          if (!s.flow) return arrival;
          const vars: Record<string, unknown> = {};
          const first = { ...arrival, vars };
          flows.set(first, { scenario: s, step: 0, jar: s.cookies ? new CookieJar() : undefined, vars });
          return first;
        },
      };
    },
  };
}

/** A scenario's own rate or stages, read as the plan's are; undefined when it shares the plan's rate. */
function ownArrivals(
  name: string,
  s: Scenario,
  at: string,
  problems: Problem[],
): Omit<OwnArrivals, 'scenario'> | undefined {
  if (s.rate === undefined && s.stages === undefined) {
    if (s.startRate !== undefined)
      problems.push({ where: `${at}.startRate`, message: 'is where its stages start: give stages too' });
    return undefined;
  }
  const bad = (src: Sourced, message: string): undefined => void problems.push({ where: src.where, message });
  if (s.rate !== undefined && s.stages !== undefined)
    return bad({ value: s.rate, where: `${at}.rate` }, 'its stages set its rate: give rate or stages, not both');
  if (s.rate !== undefined) {
    const rate = RATE.parse({ value: s.rate, where: `${at}.rate` }, bad);
    return rate === undefined ? undefined : { rate };
  }
  const src = { value: s.stages, where: `${at}.stages` };
  const inputs = STAGES.parse(src, bad);
  const startRate =
    s.startRate === undefined ? 0 : START_RATE.parse({ value: s.startRate, where: `${at}.startRate` }, bad);
  if (!inputs || startRate === undefined) return undefined;
  // Named `<scenario>.<stage>`: two scenarios' ramps are not one stage.
  const stages = nameStages(inputs, startRate, src, bad)?.map((st) => ({ ...st, name: `${name}.${st.name}` }));
  return stages ? { stages, startRate } : undefined;
}

/**
 * The protocol a scenario speaks: its own, else the plan's; undefined with no plan (plain HTTP),
 * null when its own could not be bound (reported).
 */
function boundOf(
  s: Scenario,
  plan: ScenarioPlan | undefined,
  at: string,
  problems: Problem[],
): BoundProtocol | undefined | null {
  if (s.protocol === undefined) {
    if (!plan) return undefined;
    // The plan's own protocol did not bind: its problems are reported already.
    return plan.protocol ?? null;
  }
  const before = problems.length;
  const bound = plan?.bindProtocol(s.protocol, `${at}.protocol`);
  if (!bound) {
    if (problems.length === before) problems.push({ where: `${at}.protocol`, message: 'cannot be bound here' });
    return null;
  }
  return bound;
}

/**
 * What is wrong when the scenarios do not all go over one client (lptf's HTTP/1.1 one, or one
 * protocol's own transport bound once): a run opens one. Undefined when they do.
 */
function oneClient(carriers: ReadonlyMap<string, BoundProtocol | undefined>): string | undefined {
  const distinct = [...new Set(carriers.values())];
  if (distinct.length <= 1) return undefined;
  const names = distinct.map((c) => c?.name ?? 'http');
  const who = (c: BoundProtocol | undefined): string =>
    [...carriers]
      .filter(([, x]) => x === c)
      .map(([n]) => n)
      .join(', ');
  if (new Set(names).size === 1)
    return `the scenarios go over ${names[0]} with different options (${distinct.map(who).join('; ')}): a run opens one client; give its options once, for the run (protocolOptions)`;
  return `the scenarios go over ${distinct.map((c) => `${c?.name ?? 'http'} (${who(c)})`).join(' and ')}: a run sends over one client; give them one protocol, or the run one (--protocol ${names.find((n) => n !== 'http') ?? names[0]})`;
}

/** Whether a scenario that speaks it is written as plain HTTP (HTTP/1.1, or HTTP/2 carrying the same requests). */
function speaksPlainHttp(protocol: BoundProtocol): boolean {
  return protocol.name === 'http' || protocol.plainHttp === true;
}

/** Compiles a scenario that speaks a protocol other than plain HTTP: each arrival's case goes through it. */
function compileVia(
  name: string,
  s: Scenario,
  protocol: BoundProtocol,
  at: string,
  problems: Problem[],
): Compiled | undefined {
  if (s.check !== undefined && typeof s.check !== 'function')
    problems.push({ where: `${at}.check`, message: CHECK_SHAPE });
  for (const f of ['cookies', 'data'] as const)
    if (s[f] !== undefined)
      problems.push({
        where: `${at}.${f}`,
        message: `speaks ${protocol.name}, which makes each request from its case alone: leave it out (or give protocol: { name: 'http' })`,
      });
  if (typeof s.request === 'function')
    problems.push({
      where: `${at}.request`,
      message: `speaks ${protocol.name}, which makes each request from its case: give { path?, headers? }, or leave it out`,
    });
  const request =
    typeof s.request === 'function' ? undefined : compileProtocolRequest(s.request, protocol.name, at, problems);
  if (!request) return undefined;
  // A session's later steps are its protocol's to make; they are named here, as the plan's groups.
  const later = groupsOf(name, protocol)
    .slice(1)
    .map((group) => ({ group, ...(s.check ? { check: s.check } : {}), thinkMs: 0 }));
  return {
    name,
    feeders: [],
    steps: [{ group: name, ...(s.check ? { check: s.check } : {}), thinkMs: 0 }, ...later],
    flow: false,
    cookies: false,
    via: { protocol, request },
  };
}

/** A protocol scenario's request plan: the plan's, with the scenario's path and headers over it. */
function viaPlan(plan: RequestPlan, request: ProtocolRequest): RequestPlan {
  return {
    ...plan,
    path: request.path ?? plan.path,
    headers: Object.keys(request.headers).length === 0 ? plan.headers : { ...plan.headers, ...request.headers },
  };
}

/** Per scenario (by its group) that speaks another protocol, what `make` builds of it for one plan; undefined with none. */
function viaMap<F>(
  scenarios: readonly Compiled[],
  make: (via: NonNullable<Compiled['via']>) => F,
): Map<string, F> | undefined {
  if (scenarios.length === 0) return undefined;
  const m = new Map<string, F>();
  for (const c of scenarios) if (c.via) m.set(c.name, make(c.via));
  return m;
}

/** Compiles a scenario of one request per arrival. */
function compileScenario(
  name: string,
  s: Scenario,
  feeders: readonly string[],
  at: string,
  problems: Problem[],
): Compiled | undefined {
  if (s.check !== undefined && typeof s.check !== 'function')
    problems.push({ where: `${at}.check`, message: CHECK_SHAPE });
  if (s.cookies !== undefined)
    problems.push({ where: `${at}.cookies`, message: "is a user flow's: give steps, or leave it out" });
  if (s.request === undefined)
    return void problems.push({ where: at, message: 'needs a request, or steps for a user flow' });
  const request = compileRequest(name, s.request, feeders, at, problems, false);
  if (!request) return undefined;
  const draws = s.data ?? (request.isFunction ? feeders : request.named);
  return {
    name,
    feeders: draws.map((d) => feeders.indexOf(d)).filter((k) => k >= 0),
    steps: [{ group: name, request, ...(s.check ? { check: s.check } : {}), thinkMs: 0 }],
    flow: false,
    cookies: false,
  };
}

/** Compiles a user flow: its steps in order, each recorded as `<scenario>.<step>`. */
function compileFlow(
  name: string,
  s: Scenario,
  feeders: readonly string[],
  at: string,
  problems: Problem[],
  speaks: BoundProtocol | undefined,
): Compiled | undefined {
  const before = problems.length;
  if (speaks)
    problems.push({
      where: at,
      message: `a user flow's steps speak plain HTTP, not ${speaks.name}: give it protocol: { name: 'http' }`,
    });
  if (s.request !== undefined)
    problems.push({ where: at, message: 'has both a request and steps: a flow sends its steps' });
  if (s.check !== undefined)
    problems.push({ where: `${at}.check`, message: "a flow's checks belong to its steps (steps[i].check)" });
  if (s.cookies !== undefined && typeof s.cookies !== 'boolean')
    problems.push({ where: `${at}.cookies`, message: 'must be true or false' });
  const list: unknown = s.steps;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_STEPS)
    return void problems.push({ where: `${at}.steps`, message: `must be a list of 1 to ${MAX_STEPS} steps` });
  const steps: CompiledStep[] = [];
  const named = new Set<string>();
  let anyFunction = false;
  const seen = new Set<string>();
  for (const [i, raw] of (list as unknown[]).entries()) {
    const st = raw as Step;
    const where = `${at}.steps[${i}]`;
    if (typeof st !== 'object' || st === null) {
      problems.push({ where, message: 'must be an object: { name, request, check?, extract?, think? }' });
      continue;
    }
    problems.push(...unknownKeys(st, STEP_KEYS, where));
    if (typeof st.name !== 'string' || !STEP_NAME.test(st.name))
      problems.push({
        where: `${where}.name`,
        message: `${JSON.stringify(st.name)} is not a step name; use letters, digits, _ -`,
      });
    else if (seen.has(st.name)) problems.push({ where: `${where}.name`, message: `"${st.name}" names two steps` });
    seen.add(String(st.name));
    const group = `${name}.${String(st.name)}`;
    for (const f of ['check', 'extract'] as const)
      if (st[f] !== undefined && typeof st[f] !== 'function')
        problems.push({
          where: `${where}.${f}`,
          message: f === 'check' ? CHECK_SHAPE : 'must be a function (res, ctx) => ({ name: value, … })',
        });
    const thinkMs = st.think === undefined ? 0 : parseDuration(String(st.think));
    if (thinkMs === undefined || thinkMs < 0 || thinkMs > MAX_THINK_MS)
      problems.push({
        where: `${where}.think`,
        message: `"${String(st.think)}" is not a think time of 0 to 1h (e.g. 800ms, 2s)`,
      });
    const request = compileRequest(group, st.request, feeders, where, problems, true);
    if (!request) continue;
    anyFunction ||= request.isFunction;
    for (const d of request.named) named.add(d);
    steps.push({
      group,
      request,
      ...(typeof st.check === 'function' ? { check: st.check } : {}),
      ...(typeof st.extract === 'function' ? { extract: st.extract } : {}),
      thinkMs: thinkMs ?? 0,
    });
  }
  if (problems.length > before) return undefined;
  // An arrival draws its rows once: every step of its flow sees the same ones.
  const draws = s.data ?? (anyFunction ? feeders : [...named]);
  return {
    name,
    feeders: draws.map((d) => feeders.indexOf(d)).filter((k) => k >= 0),
    steps,
    flow: true,
    cookies: s.cookies ?? true,
  };
}

/** A step's check, then what it takes from the answer (a flow's step) into its flow's `vars`. */
function judgeStep(
  step: CompiledStep,
  res: HttpResponse,
  ctx: ScriptContext,
  vars: Record<string, unknown> | undefined,
): Outcome {
  const answer = new ScriptAnswer(res);
  if (step.check) {
    const verdict = judge(step.check, step.group, answer, ctx);
    if (!verdict.ok) return verdict;
  }
  if (!step.extract || !vars) return OK;
  let taken: unknown;
  try {
    taken = step.extract(answer, ctx);
  } catch (err) {
    return { ok: false, kind: 'script_error', example: `extract() of ${step.group} threw ${errorText(err)}` };
  }
  if (typeof taken !== 'object' || taken === null || Array.isArray(taken) || isThenable(taken))
    return {
      ok: false,
      kind: 'script_error',
      example: `extract() of ${step.group} returned ${isThenable(taken) ? 'a promise' : Array.isArray(taken) ? 'an array' : String(taken)}: expected { name: value, … }, at once`,
    };
  Object.assign(vars, taken);
  return OK;
}

/** Every `Set-Cookie` line of an answer. */
function setCookies(res: HttpResponse): string[] {
  const lines: string[] = [];
  for (const [k, v] of res.headers ?? []) if (k === 'set-cookie') lines.push(v);
  return lines;
}

/** A request with the flow's cookies: after a `cookie` header of its own, if it has one. */
function withCookie(request: HttpRequest, cookie: string): HttpRequest {
  const own = request.headers['cookie'];
  return { ...request, headers: { ...request.headers, cookie: own === undefined ? cookie : `${own}; ${cookie}` } };
}
