import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type CaseGroup, type CaseSource, loadCaseGroups, parseCaseSpec } from '../../core/cases/index.js';
import { inStage, isServerCheck, parseCheck } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import type { Stage } from '../../core/schedule/index.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { breaksHead, isToken } from '../../core/transport/index.js';
import { watchesAnything } from '../../core/watch/index.js';
import { type PlanInput, pickField as pick, readField, type Sourced, type TypedField } from '../fields/field.js';
import { type Bad, integer, stringList } from '../fields/parse-field.js';
import {
  CHECKS,
  CLIENT,
  DURATION,
  LANG,
  MAX_INFLIGHT,
  MAX_SLOTS,
  OK_STATUS,
  RATE,
  RUN_CHECKS,
  TIMEOUT,
  WORKERS,
} from '../fields/run-fields.js';
import { nameStages, STAGES, START_RATE } from '../fields/stage-fields.js';
import { readWatchPlan } from '../fields/watch-fields.js';
import { contentTypeOf } from '../protocol/content-type.js';
import type { BoundProtocol } from '../protocol/protocol.js';
import { protocols } from '../protocol/protocols.js';
import { type BoundScenarios, bindScenarios, readFeeders, type ScenarioPlan } from '../script/index.js';
import { arrivalParts } from './arrival-parts.js';
import { type LoadFile, readLoadFile } from './load-file.js';
import { type Plan, QUEUE_SECONDS } from './plan.js';
import { PROTOCOL, planFields } from './plan-fields.js';
import { planSchedule, stageNames as stageNamesOf } from './plan-schedule.js';
import { type Preset, presets } from './presets.js';
import { scenarioPlan } from './scenario-plan.js';
import { parseSegment, parseStartAt } from './segment.js';
import { unknownFields } from './unknown-fields.js';

/**
 * A resolved plan and the cases it will send.
 *
 * @example
 * ```ts
 * const { plan, caseGroups }: ResolvedPlan = await resolvePlan(layers)
 * ```
 */
export interface ResolvedPlan {
  readonly plan: Plan;
  readonly caseGroups: readonly CaseGroup[];
  /**
   * A load file's scenarios: what each arrival is (its scenario, its case, its feeders' rows),
   * given the plan's cases in order. Absent for a plan of one request.
   */
  readonly arrivals?: (cases: CaseSource) => CaseSource;
  /** The layers the plan was read from: those given, with a load file's beneath them. */
  readonly layers: readonly PlanInput[];
}

/**
 * The preset the layers name (it lies beneath them all), and the layers with it.
 *
 * @example
 * ```ts
 * const { preset, all } = withPreset(layers, bad)
 * ```
 */
export function withPreset(layers: readonly PlanInput[], bad: Bad): { preset?: Preset; all: readonly PlanInput[] } {
  const presetSrc = pick(layers, 'preset');
  if (!presetSrc) return { all: layers };
  const preset = presets.find(String(presetSrc.value));
  if (!preset) return bad(presetSrc, presets.unknown(String(presetSrc.value))) ?? { all: layers };
  return { preset, all: [preset.plan, ...layers] };
}

/**
 * Merges plan layers (lowest first: config file, then flags; a preset named anywhere goes
 * beneath them all), applies defaults, validates every field and reads every case file.
 * All problems, in every field and every case file, are reported together in one
 * {@link InvalidInputError}, before any traffic is sent.
 *
 * @example
 * ```ts
 * const { plan } = await resolvePlan([configLayer, flagLayer])
 * ```
 */
export async function resolvePlan(input: readonly PlanInput[]): Promise<ResolvedPlan> {
  // A load file lies beneath every other layer: the environment, a config file and flags override it.
  const scriptSrc = pick(input, 'script');
  const file = scriptSrc ? await readLoadFile(scriptSrc) : undefined;
  const layers = file && !Array.isArray(file) ? [file.layer, ...input] : input;
  const problems: Problem[] = [...(Array.isArray(file) ? file : []), ...unknownFields(layers, planFields())];
  const bad = (s: Sourced, message: string): undefined => void problems.push({ where: s.where, message });
  const { preset, all } = withPreset(layers, bad);
  const get = (f: string): Sourced | undefined => pick(all, f);

  const url = parseUrl(get('url'), bad, problems);
  const connectionsSrc = get('connections');
  const connections = connectionsSrc ? integer(connectionsSrc, 1, bad, MAX_SLOTS, 'each is a socket') : undefined;
  const rateSrc = get('rate');
  if (connectionsSrc && rateSrc)
    bad(connectionsSrc, `a closed loop has no rate: give --rate (open model) or --connections (closed loop), not both`);
  const read = <T>(field: TypedField<T>): T | undefined => readField(field, get, bad);
  const staged = readStages(all, get, read, bad);
  if (connectionsSrc && staged) bad(connectionsSrc, 'a closed loop has no rate to ramp: give --stage or --connections');
  // A closed loop has no rate: it sends as fast as answers come.
  const rate = connectionsSrc ? 0 : staged ? staged.rate : read(RATE);
  const client = read(CLIENT);
  const workers = read(WORKERS);
  const durationMs = staged ? staged.durationMs : read(DURATION);
  const timeoutMs = read(TIMEOUT);
  const maxInflight = connections ?? read(MAX_INFLIGHT);
  const queueSrc = get('queue');
  const queueCapacity = queueSrc
    ? integer(queueSrc, 0, bad, 10 * MAX_SLOTS, 'each waiting arrival holds memory')
    : Math.max(1, Math.ceil((staged?.peakRate ?? rate ?? 0) * QUEUE_SECONDS));
  const okStatus = read(OK_STATUS);
  const lang = read(LANG);
  const seedSrc = get('seed');
  // Segments must agree on the seed: without one given they use 0 rather than each a random one.
  const seed = seedSrc ? integer(seedSrc, 0, bad) : get('segment') ? 0 : randomInt(2 ** 31);
  const checksSrc = get('checks');
  const given = read(CHECKS) ?? [];
  // A preset's checks judge its steady load: with a ramp, the stage named steady, not the ramp.
  const fromPreset = preset !== undefined && checksSrc !== undefined && checksSrc === preset.plan.checks;
  const own = fromPreset && staged ? given.map((c) => inStage(c, 'steady')) : given;
  // A closed loop plans no rate, so it has nothing to deliver; an open-model run checks it did.
  const delivered = own.find((c) => c.metric.kind === 'delivered');
  if (connectionsSrc && delivered)
    bad(get('checks') ?? connectionsSrc, `"${delivered.name}": a closed loop plans no rate to deliver; use --rate`);
  const checks = connectionsSrc
    ? own
    : [...own, ...RUN_CHECKS.filter((d) => !own.some((c) => c.metric.kind === d.metric.kind))];
  const watch = readWatchPlan(read);
  const serverCheck = checks.find(isServerCheck);
  if (serverCheck && !watchesAnything(watch))
    bad(
      get('checks') ?? { value: '', where: 'default --check' },
      `"${serverCheck.name}" needs a watched server: add --watch-pid, --watch-cmd or --watch-node-exporter`,
    );
  const info = (preset?.info ?? []).map((text) => ({ ...parseCheck(text), info: true }));
  const headers = parseHeaders(all, bad);
  const caseSpecs = stringList(get('cases'), bad).map(parseCaseSpec);
  const body = await parseBody(get('body'), caseSpecs.length > 0, bad);
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = contentTypeOf(body.source);
  }
  const protocolSrc = get('protocol') ?? { value: PROTOCOL.fallback, where: 'default --protocol' };
  const protocol = protocols.find(String(protocolSrc.value));
  if (!protocol) bad(protocolSrc, protocols.unknown(String(protocolSrc.value)));
  const plainBound: BoundProtocol | undefined = protocol?.bind({
    get,
    problem: (p) => void problems.push(p),
    caseFiles: caseSpecs.length,
  });
  // A load file's scenarios speak the plan's protocol unless they name their own.
  const script =
    file && !Array.isArray(file)
      ? await readScenarios(file, problems, scenarioPlan(plainBound, get, caseSpecs, problems))
      : undefined;
  const bound = script ? script.protocol : plainBound;
  const parts =
    script && script.own.length > 0
      ? readParts(script, { rate, durationMs, staged }, file && !Array.isArray(file) ? file.shown : 'the load file', {
          connections: connectionsSrc,
          rate: rateSrc,
          stages: get('stages'),
          bad,
          problems,
        })
      : undefined;
  const methodSrc = get('method');
  const method = methodSrc ? String(methodSrc.value).toUpperCase() : body ? 'POST' : (bound?.defaultMethod ?? 'GET');
  if (methodSrc && !/^[A-Z]+$/.test(method)) bad(methodSrc, `"${String(methodSrc.value)}" is not an HTTP method`);
  const segmentSrc = get('segment');
  const segment = segmentSrc ? parseSegment(segmentSrc) : undefined;
  if (segmentSrc && typeof segment === 'string') bad(segmentSrc, segment);
  // Every segment must shuffle the cases alike, or their shares of the order would overlap.
  if (segmentSrc && !seedSrc && caseSpecs.length > 0)
    bad(segmentSrc, 'segments share one case order: give every segment the same --seed');
  const startSrc = get('startAt');
  const startAtMs = startSrc ? parseStartAt(startSrc) : undefined;
  if (startSrc && typeof startAtMs === 'string') bad(startSrc, startAtMs);
  let caseGroups: CaseGroup[] = [];
  try {
    caseGroups = await loadCaseGroups(caseSpecs);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    problems.push(...err.problems);
  }
  // A check of a scenario the plan does not have, likewise.
  const scenarioNames = script?.names ?? [];
  for (const c of checks) {
    if (c.scenario === undefined || scenarioNames.includes(c.scenario)) continue;
    const known =
      scenarioNames.length > 0
        ? `its scenarios: ${scenarioNames.join(', ')}`
        : 'it has no scenarios (a load file declares them)';
    problems.push({
      where: checksSrc?.where ?? 'default --check',
      message: `"${c.name}" checks the scenario "${c.scenario}", which this plan does not have; ${known}`,
    });
  }
  // With scenarios each request is recorded under its scenario: a case group is never a scope.
  for (const c of script ? checks : [])
    if (c.group !== undefined)
      problems.push({
        where: checksSrc?.where ?? 'default --check',
        message: `"${c.name}": with scenarios, each request is counted under its scenario; check one with {scenario:name} (${scenarioNames.join(', ')})`,
      });
  // Segments must also draw their feeders' rows alike.
  if (segmentSrc && !seedSrc && script?.seeded)
    bad(segmentSrc, "segments share the data feeders' order: give every segment the same --seed");
  // A check of a stage the plan does not have, likewise.
  const stageNames = parts ? stageNamesOf(parts) : (staged?.stages.map((st) => st.name) ?? []);
  for (const c of checks) {
    if (c.stage === undefined || stageNames.includes(c.stage)) continue;
    const where = fromPreset ? `preset ${preset?.name}` : (checksSrc?.where ?? 'default --check');
    const known =
      stageNames.length > 0
        ? `its stages: ${stageNames.join(', ')}${fromPreset ? ' (name the one the preset judges steady, e.g. --stage 30m:200:steady)' : ''}`
        : 'it has no stages (--stage time:rate[:name])';
    problems.push({
      where,
      message: `"${c.name}" checks the stage "${c.stage}", which this plan does not have; ${known}`,
    });
  }
  // A check of a group the plan does not send would run the whole test and then say n/a.
  const labels = [...new Set(caseSpecs.map((c) => c.label))];
  for (const c of checks) {
    if (c.group === undefined || labels.includes(c.group)) continue;
    const where = get('checks')?.where ?? 'default --check';
    const known =
      labels.length > 0 ? `its groups: ${labels.join(', ')}` : 'it sends no case files (--cases group=file)';
    problems.push({
      where,
      message: `"${c.name}" checks the case group "${c.group}", which this plan does not send; ${known}`,
    });
  }
  // A field that did not parse has reported a problem; the rest of the checks only narrow the types.
  if (
    problems.length > 0 ||
    !url ||
    !okStatus ||
    !bound ||
    !lang ||
    !client ||
    rate === undefined ||
    durationMs === undefined ||
    maxInflight === undefined ||
    queueCapacity === undefined ||
    timeoutMs === undefined ||
    seed === undefined ||
    workers === undefined
  ) {
    throw new InvalidInputError(problems);
  }
  const plan: Plan = {
    url: url.text,
    origin: url.origin,
    path: url.path,
    method,
    headers,
    ...(body ? { body } : {}),
    ...(parts
      ? { rate: parts.rate, parts: parts.parts, scenarios: parts.shares, durationMs: parts.durationMs }
      : {
          rate,
          ...(staged ? { stages: staged.stages, startRate: staged.startRate } : {}),
          ...(script ? { scenarios: script.shares } : {}),
          durationMs,
        }),
    ...(connections ? { connections } : {}),
    maxInflight,
    queueCapacity: parts && !queueSrc ? Math.max(1, Math.ceil(parts.peakRate * QUEUE_SECONDS)) : queueCapacity,
    timeoutMs,
    cases: caseSpecs,
    checks,
    info,
    okStatus: okStatus.text,
    isOk: okStatus.isOk,
    seed,
    ...(preset ? { preset: preset.name } : {}),
    lang,
    client,
    insecure: get('insecure')?.value === true,
    ...(segment && typeof segment !== 'string' ? { segment } : {}),
    ...(typeof startAtMs === 'number' ? { startAtMs } : {}),
    workers,
    protocol: bound,
    watch,
  };
  return {
    plan,
    caseGroups,
    layers,
    ...(script
      ? {
          arrivals: (cases: CaseSource) =>
            script.arrivals(cases, seed, plan.parts ? planSchedule(plan).partOf : undefined, caseGroups),
        }
      : {}),
  };
}

/**
 * The plan's stages, when it ramps: named, with the duration and the mean and peak rates they
 * make. The stages set the rate and the duration: a `rate` or `duration` beneath them (a preset's,
 * a load file's under flags) gives way, one above them (`--rate` over a load file's stages)
 * replaces them with a constant rate, and one in the same layer is refused as a contradiction.
 */
function readStages(
  all: readonly PlanInput[],
  get: (f: string) => Sourced | undefined,
  read: <T>(field: TypedField<T>) => T | undefined,
  bad: Bad,
): { stages: Stage[]; startRate: number; rate: number; durationMs: number; peakRate: number } | undefined {
  const src = get('stages');
  const startSrc = get('startRate');
  if (startSrc && !src) bad(startSrc, 'a start rate needs stages to ramp from it: add --stage time:rate');
  if (!src) return undefined;
  const top = (key: string): number => all.findLastIndex((l) => l[key] !== undefined && l[key]?.value !== undefined);
  const at = top('stages');
  let replaced = false;
  for (const key of ['rate', 'duration'] as const) {
    const other = get(key);
    if (!other || top(key) < at) continue;
    if (top(key) > at) replaced = true;
    else bad(other, `the stages set the ${key === 'rate' ? 'rate' : 'duration'}: give --stage or --${key}, not both`);
  }
  if (replaced) return undefined;
  const startRate = read(START_RATE);
  const inputs = read(STAGES);
  if (!inputs || startRate === undefined) return undefined;
  const stages = nameStages(inputs, startRate, src, bad);
  if (!stages) return undefined;
  const durationMs = stages.reduce((sum, st) => sum + st.durationMs, 0);
  let schedule: ReturnType<typeof planSchedule>;
  try {
    schedule = planSchedule({ rate: 0, durationMs, stages, startRate });
  } catch (err) {
    return bad(src, (err as Error).message);
  }
  const peakRate = Math.max(startRate, ...stages.map((st) => st.target));
  return { stages, startRate, rate: schedule.rate, durationMs, peakRate };
}

/**
 * The parts of a plan whose scenarios have arrivals of their own; undefined, with the problem
 * reported, when they cannot be: a closed loop, a rate that no scenario shares, stages that plan nothing.
 */
function readParts(
  script: BoundScenarios,
  pool: { rate: number | undefined; durationMs: number | undefined; staged: ReturnType<typeof readStages> },
  shown: string,
  given: { connections?: Sourced; rate?: Sourced; stages?: Sourced; bad: Bad; problems: Problem[] },
): ReturnType<typeof arrivalParts> | undefined {
  const names = script.own.map((o) => o.scenario).join(', ');
  if (given.connections)
    return given.bad(given.connections, `a closed loop has no rate, and the scenarios ${names} have their own`);
  const shared = given.stages ?? given.rate;
  if (!script.pooled && shared)
    return given.bad(
      shared,
      `every scenario of ${shown} has its own rate or stages: the plan's ${given.stages ? 'stages' : 'rate'} would be nobody's; leave it out`,
    );
  if (pool.rate === undefined || pool.durationMs === undefined) return undefined;
  try {
    return arrivalParts(script, {
      rate: pool.rate,
      durationMs: pool.durationMs,
      ...(pool.staged ? { stages: pool.staged.stages, startRate: pool.staged.startRate } : {}),
    });
  } catch (err) {
    given.problems.push({ where: `${shown}: scenarios (${names})`, message: (err as Error).message });
    return undefined;
  }
}

/** A load file's scenarios and feeders, bound; undefined when it declares none (or they have problems, reported). */
async function readScenarios(
  file: LoadFile,
  problems: Problem[],
  plan: ScenarioPlan,
): Promise<(BoundScenarios & { readonly seeded: boolean }) | undefined> {
  const { scenarios, data } = file.options;
  if (scenarios === undefined) {
    if (data !== undefined)
      problems.push({
        where: `${file.shown}: data`,
        message: 'data feeders feed scenarios: declare scenarios that use them',
      });
    return undefined;
  }
  if (typeof scenarios !== 'object' || scenarios === null)
    return void problems.push({ where: `${file.shown}: scenarios`, message: 'must map names to scenarios' });
  const { feeders, problems: found } = await readFeeders(data ?? {}, file.dir, `${file.shown}: data`);
  problems.push(...found);
  const bound = bindScenarios(scenarios, feeders, `${file.shown}: scenarios`, problems, plan);
  return bound && { ...bound, seeded: feeders.some((f) => f.mode === 'shuffle' || f.mode === 'random') };
}

function parseUrl(
  src: Sourced | undefined,
  bad: Bad,
  problems: Problem[],
): { text: string; origin: string; path: Template } | undefined {
  if (!src)
    return void problems.push({
      where: '<url>',
      message: 'a target URL is required, e.g. lptf run http://127.0.0.1:8080/api',
    });
  const text = String(src.value);
  let url: URL;
  try {
    // "localhost:8080" parses as the scheme "localhost:"; demand the "//" of a full URL.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new TypeError('not a full URL');
    url = new URL(text);
  } catch {
    const hint = /^[\w.-]+(:\d+)?(\/|$)/.test(text) ? `http://${text}` : 'http://127.0.0.1:8080/path';
    return bad(src, `"${text}" is not a valid URL; write it in full, e.g. ${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return bad(src, `only http and https URLs are supported, got ${url.protocol}`);
  // Placeholders are URL-encoded by the parser; decode them back so the template sees them.
  const raw = (url.pathname + url.search).replace(/%7B%7B/gi, '{{').replace(/%7D%7D/gi, '}}');
  try {
    return { text, origin: url.origin, path: compileTemplate(raw) };
  } catch (err) {
    return bad(src, (err as Error).message);
  }
}

function parseHeaders(layers: readonly PlanInput[], bad: Bad): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const layer of layers) {
    const src = layer.headers;
    if (!src) continue;
    const entries: [string, unknown][] =
      src.value && typeof src.value === 'object' && !Array.isArray(src.value)
        ? Object.entries(src.value as Record<string, unknown>)
        : stringList(src, bad).map((h) => {
            const i = h.indexOf(':');
            return i > 0 ? [h.slice(0, i).trim(), h.slice(i + 1).trim()] : ['', h];
          });
    for (const [name, value] of entries) {
      if (!isToken(name)) bad(src, `"${name}: ${String(value)}" is not a header; write "Name: value"`);
      // A line break or NUL in a value would end the header (or the request) early: every request
      // would fail, so it is refused before any is sent.
      else if (breaksHead(String(value)))
        bad(src, `header "${name}": its value holds a line break or NUL, which HTTP does not allow`);
      else headers[name.toLowerCase()] = String(value);
    }
  }
  return headers;
}

async function parseBody(src: Sourced | undefined, hasCases: boolean, bad: Bad): Promise<Template | undefined> {
  if (!src) return hasCases ? compileTemplate('{{case}}') : undefined;
  let text = String(src.value);
  if (text.startsWith('@')) {
    try {
      text = await readFile(text.slice(1), 'utf8');
    } catch (err) {
      return bad(
        src,
        `cannot read the body file ${text.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  try {
    return compileTemplate(text);
  } catch (err) {
    return bad(src, (err as Error).message);
  }
}
