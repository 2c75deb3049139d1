import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { seededRandom, shuffleInPlace } from '../core/cases/random.js';
import { checkSuite } from './check-suite.js';
import { calibrationLoop, emptyFunction, HIDDEN } from './hidden.js';
import type { MeasureOptions } from './measure-options.js';
import { callOnce, isPrepared, makeSampler, type Sampler, sinkBox } from './sampler.js';
import { changeVerdict, pairedRatio } from './stats.js';
import type { Benchmark, Suite } from './suite.js';
import { TWIN } from './twin.js';

/**
 * What was measured of one (benchmark, case) pair, before statistics: ns per call, one sample
 * per round.
 *
 * @example
 * ```ts
 * const raw: RawPair = { benchmark: 'fast', case: 'Min', batch: 4096, samplesNs: [12.1, 12.3], valid: true, invalid: null, error: null, bytesPerOp: 0, hidden: false }
 * ```
 */
export interface RawPair {
  readonly benchmark: string;
  readonly case: string;
  readonly hidden: boolean;
  batch: number;
  readonly samplesNs: number[];
  valid: boolean;
  /** Why `validate` rejected it (on the first or the last sample). */
  invalid: string | null;
  /** What the benchmark threw, or its timeout. */
  error: string | null;
  bytesPerOp: number | null;
}

interface Pair {
  readonly raw: RawPair;
  readonly bench: Benchmark<unknown>;
  readonly input: unknown;
  /** Whose `validate` judges its results: its own suite's (a twin's pairs, the twin's). */
  readonly spec: Suite<unknown>['spec'];
  /** A pair of the suite itself measured beside its twin's pair of the same benchmark and case. */
  twinOf?: Pair;
  sample: Sampler;
  async: boolean;
}

class Timeout extends Error {
  override name = 'Timeout';
}

async function within<T>(value: T | Promise<T>, ms: number): Promise<T> {
  if (!(value instanceof Promise)) return value;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      value,
      new Promise<T>(
        (_, reject) => (timer = setTimeout(() => reject(new Timeout(`did not settle within ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

let forceGc: (() => void) | undefined;
function gc(): void {
  if (!forceGc) {
    setFlagsFromString('--expose-gc');
    forceGc = runInNewContext('gc') as () => void;
  }
  forceGc();
}

/**
 * Measures a suite in this thread: validates each pair (untimed), sizes its batches, warms it
 * up until its time per call settles, then takes `rounds` samples of every pair in a random
 * order per round, validates again, measures allocation per call, and tears down.
 *
 * @example
 * ```ts
 * const pairs = await measureSuite(mySuite, DEFAULT_MEASURE, (done, total) => report(done / total))
 * ```
 */
export async function measureSuite(
  s: Suite<unknown>,
  o: MeasureOptions,
  onProgress: (done: number, total: number) => void = () => {},
  twin?: Suite<unknown>,
): Promise<RawPair[]> {
  checkSuite(s);
  if (twin) checkSuite(twin);
  const spec = s.spec;
  const caseEntries: [string, unknown][] = spec.cases ? Object.entries(spec.cases) : [['default', undefined]];
  const setUp = async (own: Suite<unknown>['spec'], entries: [string, unknown][]): Promise<Map<string, unknown>> => {
    const out = new Map<string, unknown>();
    for (const [name, c] of entries) {
      const replaced = own.setup ? await within(own.setup(c) as unknown, o.timeoutMs) : undefined;
      out.set(name, replaced === undefined ? c : replaced);
    }
    return out;
  };
  const inputs = await setUp(spec, caseEntries);
  // The twin's cases of the same names, from its own data and setup: its code, its inputs.
  const twinEntries: [string, unknown][] = twin
    ? twin.spec.cases
      ? Object.entries(twin.spec.cases).filter(([name]) => inputs.has(name))
      : inputs.has('default')
        ? [['default', undefined]]
        : []
    : [];
  const twinInputs = twin ? await setUp(twin.spec, twinEntries) : new Map<string, unknown>();
  const pairs: Pair[] = [];
  const add = (
    benchmark: string,
    caseName: string,
    bench: Benchmark<unknown>,
    hidden: boolean,
    from: { spec: Suite<unknown>['spec']; inputs: Map<string, unknown> } = { spec, inputs },
  ): Pair => {
    const raw: RawPair = {
      benchmark,
      case: caseName,
      hidden,
      batch: 1,
      samplesNs: [],
      valid: true,
      invalid: null,
      error: null,
      bytesPerOp: null,
    };
    const pair: Pair = { raw, bench, input: from.inputs.get(caseName), spec: from.spec, sample: () => 0, async: false };
    pairs.push(pair);
    return pair;
  };
  const names = Object.keys(spec.benchmarks).filter((b) => !o.only || o.only.includes(b) || b === spec.baseline);
  for (const [caseName] of caseEntries)
    for (const b of names) {
      const own = add(b, caseName, spec.benchmarks[b] as Benchmark<unknown>, false);
      const other = twin?.spec.benchmarks[b];
      if (twin && other && twinInputs.has(caseName))
        own.twinOf = add(`${b}${TWIN}`, caseName, other as Benchmark<unknown>, false, {
          spec: twin.spec,
          inputs: twinInputs,
        });
    }
  if (spec.baseline)
    for (const [caseName] of caseEntries)
      add(HIDDEN.copy, caseName, spec.benchmarks[spec.baseline] as Benchmark<unknown>, true);
  inputs.set('-', undefined);
  add(HIDDEN.empty, '-', emptyFunction, true);
  add(HIDDEN.calibration, '-', calibrationLoop, true);

  const validate = async (p: Pair): Promise<void> => {
    if (p.raw.error || !p.raw.valid) return;
    let result: unknown;
    try {
      const first = isPrepared(p.bench) ? undefined : (p.bench as (c: unknown) => unknown)(p.input);
      p.async = typeof (first as { then?: unknown })?.then === 'function';
      result = await within(isPrepared(p.bench) ? callOnce(p.bench, p.input) : first, o.timeoutMs);
    } catch (err) {
      p.raw.error = describe(err);
      return;
    }
    const check = p.spec.validate;
    if (p.raw.hidden || !check) return;
    try {
      const name = p.raw.benchmark.endsWith(TWIN) ? p.raw.benchmark.slice(0, -TWIN.length) : p.raw.benchmark;
      if ((await within(check(result, p.input, name) as unknown, o.timeoutMs)) === false)
        p.raw.invalid = 'validate returned false';
    } catch (err) {
      p.raw.invalid = `validate threw ${describe(err)}`;
    }
    if (p.raw.invalid) p.raw.valid = false;
  };
  for (const p of pairs) await validate(p);

  const active = (): Pair[] => pairs.filter((p) => !p.raw.error && p.raw.valid);
  const sampleNs = async (p: Pair): Promise<number> => {
    const ms = await within(p.sample(p.raw.batch), o.timeoutMs);
    return (ms * 1e6) / p.raw.batch;
  };
  // A fixed iteration count holds for the suite's own benchmarks; the hidden ones (the empty
  // function, the calibration loop) are sized as ever, since they only measure the machine.
  const iterations = o.iterations ?? spec.iterations;
  for (const p of active()) {
    try {
      p.sample = makeSampler(p.bench, p.input, p.async);
      if (iterations !== undefined && !p.raw.hidden) p.raw.batch = iterations;
      await calibrateBatch(p, o, sampleNs, iterations !== undefined && !p.raw.hidden);
    } catch (err) {
      p.raw.error = describe(err);
    }
  }
  const next = seededRandom(o.seed);
  const measuring = performance.now();
  // Beside a twin, rounds go on past `rounds` until each pair's ratio to its twin is decided, or the budget ends.
  const undecided = (): boolean =>
    o.against !== undefined &&
    active().some((p) => {
      const t = p.twinOf;
      if (!t || t.raw.error || !t.raw.valid) return false;
      // Fewer resamples than the report's: this runs after every round.
      const r = pairedRatio(p.raw.samplesNs, t.raw.samplesNs, 500);
      return r !== null && changeVerdict(r, o.against?.threshold ?? 0) === 'inconclusive';
    });
  for (let round = 0; ; round++) {
    if (round >= o.rounds && !(undecided() && performance.now() - measuring < (o.against?.budgetMs ?? 0))) break;
    const order = shuffleInPlace(active(), next);
    for (const p of order) {
      try {
        p.raw.samplesNs.push(await sampleNs(p));
      } catch (err) {
        p.raw.error = describe(err);
      }
    }
    if (o.gc) gc();
    onProgress(round + 1, Math.max(o.rounds, round + 1));
  }
  for (const p of active()) await validate(p);
  for (const p of active()) if (!p.async && !isPrepared(p.bench)) p.raw.bytesPerOp = await bytesPerCall(p);
  for (const [name, c] of caseEntries)
    if (spec.teardown) await within(spec.teardown(inputs.get(name) ?? c) as unknown, o.timeoutMs);
  for (const [name, c] of twinEntries)
    if (twin?.spec.teardown) await within(twin.spec.teardown(twinInputs.get(name) ?? c) as unknown, o.timeoutMs);
  return pairs.map((p) => p.raw);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${String(err)}`;
}

/**
 * Doubles the batch until a sample lasts `sampleMs`, then warms up until the time per call
 * settles; with a `fixed` batch (an iteration count), only warms up.
 */
async function calibrateBatch(
  p: Pair,
  o: MeasureOptions,
  sampleNs: (p: Pair) => Promise<number>,
  fixed: boolean,
): Promise<void> {
  const started = performance.now();
  while (!fixed) {
    const ns = await sampleNs(p);
    const ms = (ns * p.raw.batch) / 1e6;
    if (ms >= o.sampleMs || p.raw.batch >= 1e9 || performance.now() - started > o.warmupMs) break;
    p.raw.batch =
      ms > 0 ? Math.min(p.raw.batch * 16, Math.ceil((p.raw.batch * o.sampleMs * 1.2) / ms)) : p.raw.batch * 16;
  }
  const recent: number[] = [];
  // At least a third of the warm-up budget: V8 may still be tiering up (OSR first, then full
  // optimisation) while five samples already agree, and settle on a faster speed later.
  const minimum = started + o.warmupMs / 3;
  while (performance.now() - started < o.warmupMs) {
    recent.push(await sampleNs(p));
    if (recent.length > 5) recent.shift();
    if (recent.length === 5 && performance.now() >= minimum) {
      const sorted = [...recent].sort((a, b) => a - b);
      if ((sorted[4] as number) - (sorted[0] as number) < 0.05 * (sorted[2] as number)) break;
    }
  }
  // The JIT may have sped the calls up: size the batch again from the settled time per call.
  const settled = recent.length > 0 ? ([...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)] as number) : 0;
  if (settled > 0 && !fixed) p.raw.batch = Math.max(1, Math.min(1e9, Math.round((o.sampleMs * 1e6) / settled)));
}

/**
 * Bytes allocated per call: the heap's growth over a batch during which no GC ran (tried with
 * smaller batches if one did), less what the sampling itself allocates (an empty function's
 * batch of the same size); null if every try saw a GC.
 */
async function bytesPerCall(p: Pair): Promise<number | null> {
  const growth = async (sample: Sampler, n: number): Promise<number | null> => {
    gc();
    const profiler = new GCProfiler();
    profiler.start();
    const before = getHeapStatistics().used_heap_size;
    await sample(n);
    const after = getHeapStatistics().used_heap_size;
    sinkBox.value = undefined;
    return (profiler.stop()?.statistics.length ?? 0) === 0 ? after - before : null;
  };
  // The least of three tries: a one-off allocation (an inline cache, a lazy compile) is not the call's.
  const least = async (sample: Sampler, n: number): Promise<number | null> => {
    const tries = [await growth(sample, n), await growth(sample, n), await growth(sample, n)].filter(
      (g): g is number => g !== null,
    );
    return tries.length === 0 ? null : Math.min(...tries);
  };
  const empty = makeSampler(emptyFunction, undefined, false);
  for (let n = Math.min(p.raw.batch, 10_000); n >= 1; n = Math.floor(n / 4)) {
    const [own, floor] = [await least(p.sample, n), await least(empty, n)];
    if (own !== null && floor !== null) return Math.max(0, Math.round((own - floor) / n));
  }
  return null;
}
