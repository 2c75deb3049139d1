// The bench runner's other side: loads one bench file (TypeScript through tsx or Node), measures its
// suites in this thread (a worker thread, or a child process with --isolate process), and
// reports progress and results to the parent.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LptfError } from '../core/errors/index.js';
import { importUserFile } from '../core/modules/import-user-file.js';
import type { TypeScriptLoader } from '../core/modules/typescript-loader.js';
import { BenchDefinitionError } from './check-suite.js';
import type { MeasureOptions } from './measure-options.js';
import { measureSuite } from './measure-suite.js';
import { isSuite, type Suite } from './suite.js';
import { summarizeSuite } from './summarize.js';

/**
 * What the runner asks of a worker: a file, how to measure, and optionally one suite and
 * benchmark (`--isolate process`), or only the list of suites.
 *
 * @example
 * ```ts
 * const job: WorkerJob = { file: '/abs/loops.bench.ts', options: DEFAULT_MEASURE, list: false }
 * ```
 */
export interface WorkerJob {
  readonly file: string;
  readonly options: MeasureOptions;
  readonly list: boolean;
  readonly suite?: string;
  /** How the file's TypeScript is loaded (found by the parent, which reports a file it cannot load). */
  readonly loader: TypeScriptLoader;
  /**
   * The same file in the base (`--against`): its suites are measured beside those of the same
   * name, in the same rounds, as twins.
   */
  readonly base?: { readonly file: string; readonly loader: TypeScriptLoader };
}

/**
 * The suites a bench file exports: its default export (a suite or an array of them) and every
 * named export that is one. Refuses a file with none, or two suites of one name.
 *
 * @example
 * ```ts
 * const suites = await loadSuites('/abs/loops.bench.ts', { kind: 'none' })
 * ```
 */
export async function loadSuites(file: string, loader: TypeScriptLoader): Promise<Suite<unknown>[]> {
  const mod = await importUserFile(file, loader);
  const found = Object.values(mod)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter(isSuite);
  const suites = [...new Set(found)];
  if (suites.length === 0)
    throw new BenchDefinitionError(`${file}: exports no suite: export default suite('name', { benchmarks: { … } })`);
  const seen = new Set<string>();
  for (const s of suites) {
    if (seen.has(s.name)) throw new BenchDefinitionError(`${file}: two suites are named "${s.name}"`);
    seen.add(s.name);
  }
  return suites;
}

type Message = Record<string, unknown> & { type: string };

async function work(job: WorkerJob, send: (m: Message) => void): Promise<void> {
  try {
    const suites = await loadSuites(job.file, job.loader);
    if (job.list) {
      send({
        type: 'list',
        suites: suites.map((s) => ({
          name: s.name,
          benchmarks: Object.keys(s.spec.benchmarks ?? {}),
          baseline: s.spec.baseline ?? null,
        })),
      });
      return;
    }
    const twins = job.base ? await loadSuites(job.base.file, job.base.loader) : [];
    for (const s of suites.filter((x) => !job.suite || x.name === job.suite)) {
      send({ type: 'start', suite: s.name });
      const raw = await measureSuite(
        s,
        job.options,
        (done, total) => send({ type: 'progress', suite: s.name, done, total }),
        twins.find((t) => t.name === s.name),
      );
      const cases = s.spec.cases ? Object.keys(s.spec.cases) : ['default'];
      send({ type: 'suite', result: summarizeSuite(s.name, job.file, s.spec.baseline ?? null, cases, raw) });
    }
  } catch (err) {
    const e = err as Error;
    send({
      type: 'fatal',
      message: e instanceof LptfError ? e.message : `${job.file}: ${e?.stack ?? String(err)}`,
      exitCode: e instanceof LptfError ? e.exitCode : 1,
    });
  } finally {
    // The last word: a thread or process that ends without it was stopped by the bench file itself.
    send({ type: 'done' });
  }
}

if (!isMainThread && parentPort && (workerData as { lptfBench?: WorkerJob })?.lptfBench) {
  const port = parentPort;
  void work((workerData as { lptfBench: WorkerJob }).lptfBench, (m) => port.postMessage(m)).then(() => port.close());
} else if (isMainThread && process.send && process.env['LPTF_BENCH_JOB']) {
  const job = JSON.parse(process.env['LPTF_BENCH_JOB']) as WorkerJob;
  void work(job, (m) => process.send?.(m)).then(() => process.disconnect());
}
