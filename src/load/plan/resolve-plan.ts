import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type CaseGroup, type CaseSource, loadCaseGroups, parseCaseSpec } from '../../core/cases/index.js';
import { type Check, isDecidable, isRunCheck, isServerCheck, parseCheck } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import type { Said } from '../../core/said.js';
import type { Stage } from '../../core/schedule/index.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { breaksHead, isToken } from '../../core/transport/index.js';
import { formatDuration } from '../../core/units/index.js';
import { watchesAnything } from '../../core/watch/index.js';
import { MAX_READ_BACK_BYTES } from '../../output/index.js';
import { type PlanInput, pickField as pick, readField, type Sourced, type TypedField } from '../fields/field.js';
import { type Bad, integer, stringList } from '../fields/parse-field.js';
import { maxSecondsFor, resultBytes } from '../fields/plan-bounds.js';
import {
  ABORT_ON_FAIL,
  CLIENT,
  DURATION,
  FOLLOW_REDIRECTS,
  LANG,
  MAX_INFLIGHT,
  MAX_SLOTS,
  OK_STATUS,
  RATE,
  RUN_CHECKS,
  TIMEOUT,
  WARMUP,
  WORKERS,
} from '../fields/run-fields.js';
import { nameStages, STAGES, START_RATE } from '../fields/stage-fields.js';
import { readWatchPlan } from '../fields/watch-fields.js';
import { contentTypeOf } from '../protocol/content-type.js';
import { type BoundProtocol, groupsOf } from '../protocol/protocol.js';
import { protocols } from '../protocol/protocols.js';
import {
  type BoundScenarios,
  bindScenarios,
  type LifecycleContext,
  readFeeders,
  type ScenarioPlan,
} from '../script/index.js';
import { arrivalParts } from './arrival-parts.js';
import { type CodeLayer, inCodeWords } from './code-words.js';
import { type LoadFile, readLoadFile } from './load-file.js';
import { CODE_KEYS } from './options-layer.js';
import { type Plan, QUEUE_SECONDS } from './plan.js';
import { layeredChecks, scopeProblems } from './plan-checks.js';
import { PROTOCOL, planFields } from './plan-fields.js';
import { overridesOf, showValue } from './plan-overrides.js';
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
  /**
   * What the headline says of how the layers made the plan: each value a layer above replaced
   * (`rate 50 (--rate) replaces 100 (checkout.load.ts: rate)`), a ramp turned constant, where
   * the checks came from. Empty when every field came from one place.
   */
  readonly said: readonly Said[];
  /** Where a check of the plan came from: a layer, the default, or the run's own checks. */
  checkSource(check: Check): string;
  /** A load file's `setup()` and `teardown()`, when it has them: the run calls each once. */
  readonly lifecycle?: Lifecycle;
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
  // A load file lies beneath every other layer: a config file, the environment and flags override it.
  const scriptSrc = pick(input, 'script');
  const file = scriptSrc ? await readLoadFile(scriptSrc) : undefined;
  const layers = file && !Array.isArray(file) ? [file.layer, ...input] : input;
  // A plan written as code (a load file, run()'s options) is told of its problems in its own words.
  const code: CodeLayer[] = [
    { prefix: 'options.' },
    ...(file && !Array.isArray(file) && file.text ? [{ prefix: file.prefix, text: file.text, shown: file.shown }] : []),
  ];
  const problems: Problem[] = [
    ...(Array.isArray(file) ? file : []),
    ...unknownFields(layers, planFields(), { prefixes: code.map((c) => c.prefix), keys: CODE_KEYS }),
  ];
  const bad = (s: Sourced, message: string): undefined => void problems.push({ where: s.where, message });
  const { preset, all } = withPreset(layers, bad);
  const get = (f: string): Sourced | undefined => pick(all, f);

  // A load file that could not be read has said why: its URL is not missing besides.
  const url = parseUrl(get('url'), bad, Array.isArray(file) && file.length > 0 ? [] : problems);
  const connectionsSrc = get('connections');
  const connections = connectionsSrc ? integer(connectionsSrc, 1, bad, MAX_SLOTS, 'each is a socket') : undefined;
  const rateSrc = get('rate');
  if (connectionsSrc && rateSrc)
    bad(connectionsSrc, `a closed loop has no rate: give --rate (open model) or --connections (closed loop), not both`);
  const read = <T>(field: TypedField<T>): T | undefined => readField(field, get, bad);
  const staged = readStages(all, get, read, bad);
  if (connectionsSrc && staged?.stages)
    bad(connectionsSrc, 'a closed loop has no rate to ramp: give --stage or --connections');
  // A closed loop has no rate: it sends as fast as answers come.
  const rate = connectionsSrc ? 0 : staged ? staged.rate : read(RATE);
  const client = read(CLIENT);
  const workers = read(WORKERS);
  // Each worker thread loads the test again, from its file: functions cannot cross threads.
  if (workers !== undefined && workers > 1 && file && !Array.isArray(file) && file.path === '')
    bad(
      get('workers') as Sourced,
      "worker threads each load the test from a file, and a test given in code cannot cross threads: put it in a load file and give script: 'x.load.ts'",
    );
  const durationMs = staged ? staged.durationMs : read(DURATION);
  const timeoutMs = read(TIMEOUT);
  const warmup = read(WARMUP);
  const followRedirects = read(FOLLOW_REDIRECTS);
  const maxInflight = connections ?? read(MAX_INFLIGHT);
  const queueSrc = get('queue');
  const queueCapacity = queueSrc
    ? integer(queueSrc, 0, bad, 10 * MAX_SLOTS, 'each waiting arrival holds memory')
    : Math.max(1, Math.ceil((staged?.peakRate ?? rate ?? 0) * QUEUE_SECONDS));
  const ramp = staged?.stages ? { stages: staged.stages, startRate: staged.startRate ?? 0 } : undefined;
  const okStatus = read(OK_STATUS);
  const lang = read(LANG);
  const seedSrc = get('seed');
  // Segments must agree on the seed: without one given they use 0 rather than each a random one.
  const seed = seedSrc ? integer(seedSrc, 0, bad) : get('segment') ? 0 : randomInt(2 ** 31);
  // Each layer's checks add to those beneath; a preset's judge its steady load (with a ramp, the
  // stage named steady).
  const layered = layeredChecks(
    all,
    { ...(preset ? { presetLayer: preset.plan } : {}), staged: ramp !== undefined },
    bad,
  );
  const own = layered.checks.map((c) => c.check);
  const whereOf = (c: Check): string => layered.checks.find((s) => s.check === c)?.where ?? 'default --check';
  // A closed loop plans no rate, so it has nothing to deliver; an open-model run checks it did.
  const delivered = own.find((c) => c.metric.kind === 'delivered');
  if (connectionsSrc && delivered)
    bad(
      { value: delivered.name, where: whereOf(delivered) },
      `"${delivered.name}": a closed loop plans no rate to deliver; use --rate`,
    );
  // --abort-on-fail: each check of the target stops the run once decided failed (a check's own grace stays).
  const abortAll = read(ABORT_ON_FAIL) === true;
  const stopping = (c: Check): Check =>
    abortAll && !c.abortOnFail && !isRunCheck(c) && !isServerCheck(c) ? { ...c, abortOnFail: { graceMs: 0 } } : c;
  const checks = (
    connectionsSrc ? own : [...own, ...RUN_CHECKS.filter((d) => !own.some((c) => c.metric.kind === d.metric.kind))]
  ).map(stopping);
  // A run that watches what is decided must know its total; closed loops decide counts and windows only.
  const neverDecided = checks.filter((c) => c.abortOnFail && !isDecidable(c, connectionsSrc !== undefined));
  const watch = readWatchPlan(read);
  const serverCheck = checks.find(isServerCheck);
  if (serverCheck && !watchesAnything(watch))
    bad(
      { value: serverCheck.name, where: whereOf(serverCheck) },
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
      ? readParts(script, { rate, durationMs, ramp }, file && !Array.isArray(file) ? file : undefined, {
          connections: connectionsSrc,
          rate: rateSrc,
          stages: get('stages'),
          bad,
          problems,
        })
      : undefined;
  const lifecycle = file && !Array.isArray(file) ? lifecycleOf(file, problems) : undefined;
  // A scenario's own stages keep their length: a duration given over the file would not shorten them.
  const durationSrc = get('duration');
  const fileAt = file && !Array.isArray(file) ? all.indexOf(file.layer) : -1;
  const ownStaged = script?.own.filter((o) => o.stages).map((o) => o.scenario) ?? [];
  if (durationSrc && fileAt >= 0 && ownStaged.length > 0 && topLayer(all, 'duration') > fileAt)
    bad(
      durationSrc,
      `${ownStaged.join(', ')} ${ownStaged.length > 1 ? 'have' : 'has'} stages of ${ownStaged.length > 1 ? 'their' : 'its'} own, which a duration does not shorten: shorten them in ${(file as LoadFile).shown}, or leave this out`,
    );
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
  const warmupSrc = get('warmup');
  if (warmupSrc && connectionsSrc)
    bad(warmupSrc, 'a closed loop warms itself: its first answers are its warm-up; leave this out');
  // A warm-up sends the run's first arrivals: a unique feeder would hand their rows out twice.
  if (warmupSrc && script?.unique.length)
    bad(
      warmupSrc,
      `a warm-up sends the run's first arrivals, and would send the first rows of the unique feeder ${script.unique.join(', ')} twice: leave one out`,
    );
  // Segments must also draw their feeders' rows alike.
  if (segmentSrc && !seedSrc && script?.seeded)
    bad(segmentSrc, "segments share the data feeders' order: give every segment the same --seed");
  problems.push(
    ...scopeProblems(checks, whereOf, {
      scenarios: script ? script.names : undefined,
      stages: parts ? stageNamesOf(parts) : (ramp?.stages.map((st) => st.name) ?? []),
      groups: caseGroupsOf(caseSpecs, bound),
      ...(preset ? { preset: preset.name } : {}),
    }),
  );
  // What a run writes it must read back: a plan whose per-second figures would pass what lptf
  // reads of results is refused now, not found out by `lptf report` after days of sending.
  const groupCount = script ? script.names.length : Math.max(1, caseGroupsOf(caseSpecs, bound).length);
  const figures = resultBytes((durationMs ?? 0) + (timeoutMs ?? 0), groupCount);
  if (figures > MAX_READ_BACK_BYTES)
    bad(
      get('stages') ?? durationSrc ?? { value: durationMs, where: 'duration' },
      `${formatDuration(durationMs ?? 0)} of per-second figures in ${groupCount} group(s) would make results of about ${Math.round(figures / 2 ** 20)} MB, more than the ${MAX_READ_BACK_BYTES / 2 ** 20} MB lptf reads back: at most ${formatDuration(Math.floor(maxSecondsFor(groupCount) / 60) * 60_000)} with ${groupCount} group(s); run it as several shorter runs`,
    );
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
    followRedirects === undefined ||
    seed === undefined ||
    workers === undefined
  ) {
    throw new InvalidInputError(inCodeWords(problems, code, planFields()));
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
          ...(ramp ? { stages: ramp.stages, startRate: ramp.startRate } : {}),
          ...(script ? { scenarios: script.shares } : {}),
          durationMs,
        }),
    ...(connections ? { connections } : {}),
    maxInflight,
    queueCapacity: parts && !queueSrc ? Math.max(1, Math.ceil(parts.peakRate * QUEUE_SECONDS)) : queueCapacity,
    timeoutMs,
    followRedirects,
    ...(warmup ? { warmup } : {}),
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
    said: [
      ...overridesOf(all, planFields()),
      ...(staged?.said ?? []),
      ...layered.said,
      ...neverDecided.map((c) => ({
        en: `${c.name} stops the run on failure but is never decided early: it is judged at the end`,
        zh: `${c.name} 要求未通过即停止压测，但它无法提前判定：压测结束时才判定`,
      })),
    ],
    checkSource: (c) => (own.includes(c) ? whereOf(c) : 'lptf: every run checks itself'),
    ...(lifecycle ? { lifecycle } : {}),
    ...(script
      ? {
          arrivals: (cases: CaseSource) =>
            script.arrivals(cases, seed, plan.parts ? planSchedule(plan).partOf : undefined, caseGroups),
        }
      : {}),
  };
}

/** The index of the topmost layer that sets a field (-1 if none does). */
function topLayer(all: readonly PlanInput[], key: string): number {
  return all.findLastIndex((l) => l[key]?.value !== undefined);
}

/**
 * A load file's hooks: `setup()` before the first arrival, `teardown()` after the last answer.
 *
 * @example
 * ```ts
 * const l: Lifecycle = { setup: async ({ request }) => ({ token: 't' }) }
 * ```
 */
export interface Lifecycle {
  readonly setup?: (ctx: LifecycleContext) => unknown;
  readonly teardown?: (setup: unknown, ctx: LifecycleContext) => unknown;
}

/** A load file's setup() and teardown(), each a function if given; undefined with neither. */
function lifecycleOf(file: LoadFile, problems: Problem[]): Lifecycle | undefined {
  const { setup, teardown } = file.options as { setup?: unknown; teardown?: unknown };
  for (const [name, hook] of [
    ['setup', setup],
    ['teardown', teardown],
  ] as const)
    if (hook !== undefined && typeof hook !== 'function')
      problems.push({
        where: `${file.prefix}${name}`,
        message: `must be a function: ${name === 'setup' ? 'async ({ request }) => data' : 'async (data, { request }) => { … }'}`,
      });
  if (typeof setup !== 'function' && typeof teardown !== 'function') return undefined;
  return {
    ...(typeof setup === 'function' ? { setup: setup as Lifecycle['setup'] } : {}),
    ...(typeof teardown === 'function' ? { teardown: teardown as Lifecycle['teardown'] } : {}),
  };
}

/**
 * The rate and length a plan's stages make, and the stages themselves when it ramps.
 *
 * @example
 * ```ts
 * const s: StagedShape = { stages, startRate: 0, rate: 150, durationMs: 20_000, peakRate: 200, said: [] }
 * ```
 */
interface StagedShape {
  /** Absent when a layer above them replaced the stages with a constant rate. */
  readonly stages?: Stage[];
  readonly startRate?: number;
  readonly rate: number;
  readonly durationMs: number;
  readonly peakRate: number;
  /** What the headline says of how the layers shaped it. */
  readonly said: readonly Said[];
}

/**
 * The plan's stages, when it ramps: named, with the duration and the mean and peak rates they
 * make. The stages set the rate and the duration: a `rate` or `duration` beneath them (a preset's,
 * a load file's under flags) gives way, and one in the same layer is refused as a contradiction.
 * One above them (`--rate` or `--duration` over a load file's stages) turns the ramp into a
 * constant rate, stated exactly: the rate given, else the stages' peak, for the duration given,
 * else the stages' length.
 */
function readStages(
  all: readonly PlanInput[],
  get: (f: string) => Sourced | undefined,
  read: <T>(field: TypedField<T>) => T | undefined,
  bad: Bad,
): StagedShape | undefined {
  const src = get('stages');
  const startSrc = get('startRate');
  if (startSrc && !src) bad(startSrc, 'a start rate needs stages to ramp from it: add --stage time:rate');
  if (!src) return undefined;
  const top = (key: string): number => topLayer(all, key);
  const at = top('stages');
  const above: ('rate' | 'duration')[] = [];
  const below: { key: 'rate' | 'duration'; src: Sourced }[] = [];
  for (const key of ['rate', 'duration'] as const) {
    const other = get(key);
    if (!other) continue;
    if (top(key) > at) above.push(key);
    else if (top(key) === at)
      bad(other, `the stages set the ${key === 'rate' ? 'rate' : 'duration'}: give --stage or --${key}, not both`);
    else below.push({ key, src: other });
  }
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
  const stagesText = showValue({ key: 'stages' }, src.value);
  const written = `stages ${stagesText} (${src.where})`;
  if (above.length === 0) {
    const said = below.map((b) => ({
      en: `${written} replace the ${b.key} ${showValue(b, b.src.value)} (${b.src.where})`,
      zh: `stages ${stagesText}（${src.where}）替换了 ${b.key} ${showValue(b, b.src.value)}（${b.src.where}）`,
    }));
    return { stages, startRate, rate: schedule.rate, durationMs, peakRate, said };
  }
  const rate = above.includes('rate') ? read(RATE) : peakRate;
  const ms = above.includes('duration') ? read(DURATION) : durationMs;
  if (rate === undefined || ms === undefined) return undefined;
  const how = [
    above.includes('rate') ? `the rate of ${get('rate')?.where}` : "the rate is the stages' peak",
    above.includes('duration') ? `the duration of ${get('duration')?.where}` : "the duration is the stages' length",
  ].join('; ');
  const howZh = [
    above.includes('rate') ? `速率取自 ${get('rate')?.where}` : '速率为各阶段的峰值',
    above.includes('duration') ? `时长取自 ${get('duration')?.where}` : '时长为各阶段之和',
  ].join('；');
  return {
    rate,
    durationMs: ms,
    peakRate: rate,
    said: [
      {
        en: `${written} → constant ${rate}/s for ${formatDuration(ms)} (${how})`,
        zh: `stages ${stagesText}（${src.where}）→ 恒定 ${rate}/s，持续 ${formatDuration(ms)}（${howZh}）`,
      },
    ],
  };
}

/**
 * The parts of a plan whose scenarios have arrivals of their own; undefined, with the problem
 * reported, when they cannot be: a closed loop, a rate that no scenario shares, stages that plan nothing.
 */
function readParts(
  script: BoundScenarios,
  pool: {
    rate: number | undefined;
    durationMs: number | undefined;
    ramp: { stages: Stage[]; startRate: number } | undefined;
  },
  file: Pick<LoadFile, 'shown' | 'prefix'> | undefined,
  given: { connections?: Sourced; rate?: Sourced; stages?: Sourced; bad: Bad; problems: Problem[] },
): ReturnType<typeof arrivalParts> | undefined {
  const names = script.own.map((o) => o.scenario).join(', ');
  const shown = file?.shown ?? 'the load file';
  const prefix = file?.prefix ?? '';
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
      ...(pool.ramp ?? {}),
    });
  } catch (err) {
    given.problems.push({ where: `${prefix}scenarios (${names})`, message: (err as Error).message });
    return undefined;
  }
}

/** A load file's scenarios and feeders, bound; undefined when it declares none (or they have problems, reported). */
async function readScenarios(
  file: LoadFile,
  problems: Problem[],
  plan: ScenarioPlan,
): Promise<(BoundScenarios & { readonly seeded: boolean; readonly unique: readonly string[] }) | undefined> {
  const { scenarios, data } = file.options;
  if (scenarios === undefined) {
    if (data !== undefined)
      problems.push({
        where: `${file.prefix}data`,
        message: 'data feeders feed scenarios: declare scenarios that use them',
      });
    return undefined;
  }
  if (typeof scenarios !== 'object' || scenarios === null)
    return void problems.push({ where: `${file.prefix}scenarios`, message: 'must map names to scenarios' });
  const { feeders, problems: found } = await readFeeders(data ?? {}, file.dir, `${file.prefix}data`);
  problems.push(...found);
  const bound = bindScenarios(scenarios, feeders, `${file.prefix}scenarios`, problems, plan);
  return (
    bound && {
      ...bound,
      seeded: feeders.some((f) => f.mode === 'shuffle' || f.mode === 'random'),
      unique: feeders.filter((f) => f.mode === 'unique').map((f) => f.name),
    }
  );
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
  if (url.protocol === 'ws:' || url.protocol === 'wss:')
    return bad(
      src,
      `a WebSocket is opened from its http URL: give ${text.replace(/^ws/i, 'http')} with --protocol ws (a config's protocol: ws)`,
    );
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
      else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        bad(
          src,
          `header "${name}": its value must be a text; got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
        );
      // A control byte in a value would end the header (or the request) early, or be refused: every
      // request would fail, so it is refused before any is sent.
      else if (breaksHead(String(value)))
        bad(src, `header "${name}": its value holds a control byte (a line break, NUL, …), which HTTP does not allow`);
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

/**
 * The groups a plan without a load file records: one per case file's label (`default` without
 * any), each with its session's later steps under a protocol whose arrivals are sessions.
 */
function caseGroupsOf(caseSpecs: readonly { readonly label: string }[], protocol: BoundProtocol | undefined): string[] {
  const labels = [...new Set(caseSpecs.map((c) => c.label))];
  if (!protocol?.sessionSteps) return labels;
  return (labels.length > 0 ? labels : ['default']).flatMap((label) => groupsOf(label, protocol));
}
