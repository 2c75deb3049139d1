import { fork } from 'node:child_process';
import os from 'node:os';
import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { typescriptLoader } from '../core/modules/typescript-loader.js';
import { type Role, singleFile } from '../core/single-file.js';
import type { BenchRunResult, SuiteResult } from './bench-result.js';
import type { MeasureOptions } from './measure-options.js';
import type { WorkerJob } from './worker.js';

/**
 * What happens during a bench run, for progress: a suite starts, a round ends, a suite ends.
 *
 * @example
 * ```ts
 * const e: BenchEvent = { type: 'progress', file: 'a.bench.ts', suite: 'loops', done: 3, total: 30 }
 * ```
 */
export type BenchEvent =
  | { readonly type: 'start'; readonly file: string; readonly suite: string }
  | {
      readonly type: 'progress';
      readonly file: string;
      readonly suite: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly type: 'suite'; readonly file: string; readonly result: SuiteResult };

/**
 * A bench run's inputs.
 *
 * @example
 * ```ts
 * const o: BenchRunOptions = { files: ['bench/loops.bench.ts'], measure: DEFAULT_MEASURE, isolate: 'worker', command: 'lptf bench' }
 * ```
 */
export interface BenchRunOptions {
  readonly files: readonly string[];
  readonly measure: MeasureOptions;
  /** `worker`: each file's suites in a worker thread; `process`: each benchmark in a child process. */
  readonly isolate: 'worker' | 'process';
  readonly command: string;
  readonly onEvent?: (e: BenchEvent) => void;
  /** `--against`: each file's counterpart in the base (absolute), measured beside it as twins. */
  readonly baseOf?: (file: string) => string | undefined;
}

/**
 * A file that could not be measured at all, and the exit code it calls for (2: it defines no
 * suite or a bad one; 1: it threw while loading, or its worker died).
 *
 * @example
 * ```ts
 * const f: BenchFailure = { file: 'a.bench.ts', message: 'exports no suite', exitCode: 2 }
 * ```
 */
export interface BenchFailure {
  readonly file: string;
  readonly message: string;
  readonly exitCode: number;
}

type Message = { type: string; [k: string]: unknown };

// The worker module beside this one: worker.ts when lptf runs from source, worker.js from dist.
const WORKER = fileURLToPath(new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
/** Silence from a worker for this long beyond the call timeout means a call that never returns. */
const WATCHDOG_SLACK_MS = 10_000;

/** Runs one job in a worker thread (or a child process) and streams its messages. */
function runJob(job: WorkerJob, isolate: 'worker' | 'process', report: (m: Message) => void): Promise<void> {
  const { loader } = job;
  return new Promise((done) => {
    let finished = false;
    let said = false;
    const onMessage = (m: Message): void => {
      if (m.type === 'done' || m.type === 'fatal') said = true;
      if (m.type !== 'done') report(m);
    };
    // Ended without its last word: the file called process.exit(), or the runtime died under it.
    const exited = (code: number | null, signal?: NodeJS.Signals | null): void => {
      if (!said && !finished)
        report({
          type: 'fatal',
          message: `${job.file}: its ${isolate === 'worker' ? 'thread' : 'process'} ended before the benchmarks finished (${signal ? `signal ${signal}` : `exit code ${code}`}); does the file call process.exit()?`,
          exitCode: 1,
        });
      end();
    };
    let watchdog: NodeJS.Timeout | undefined;
    const kick = (stop: () => void): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        onMessage({
          type: 'fatal',
          message: `${job.file}: no progress for ${(job.options.timeoutMs + WATCHDOG_SLACK_MS) / 1000} s: a synchronous benchmark that never returns? (stopped)`,
          exitCode: 1,
        });
        stop();
      }, job.options.timeoutMs + WATCHDOG_SLACK_MS);
    };
    const end = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      done();
    };
    if (isolate === 'worker') {
      // With tsx, registers it in the worker first, so the bench file (and, from source, the worker) can be TypeScript.
      const single = singleFile();
      const worker = JSON.stringify(pathToFileURL(single ?? WORKER).href);
      const boot =
        loader.kind === 'tsx'
          ? `(async () => { ${loader.apis.map((api) => `(await import(${JSON.stringify(api)})).register();`).join(' ')} await import(${worker}); })()`
          : `import(${worker})`;
      const w = new Worker(boot, {
        eval: true,
        workerData: { lptfBench: job, ...(single ? { lptfRole: 'bench-worker' satisfies Role } : {}) },
      });
      const stop = (): void => void w.terminate();
      kick(stop);
      w.on('message', (m: Message) => {
        kick(stop);
        onMessage(m);
      });
      w.on('error', (err) =>
        onMessage({ type: 'fatal', message: `${job.file}: ${err.stack ?? err.message}`, exitCode: 1 }),
      );
      w.on('exit', (code) => exited(code));
    } else {
      const single = singleFile();
      const child = fork(single ?? WORKER, [], {
        execArgv: loader.kind === 'tsx' ? ['--import', loader.hook] : [],
        env: {
          ...process.env,
          LPTF_BENCH_JOB: JSON.stringify(job),
          ...(single ? { LPTF_ROLE: 'bench-worker' satisfies Role } : {}),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const stop = (): void => void child.kill('SIGKILL');
      kick(stop);
      child.on('message', (m: Message) => {
        kick(stop);
        onMessage(m);
      });
      child.on('exit', (code, signal) => exited(code, signal));
    }
  });
}

/**
 * Runs bench files: each file's suites in a worker thread of their own (or, with `isolate:
 * 'process'`, each benchmark of each suite in a child process, beside its baseline), with
 * progress events. Files run one after another, so they do not share the CPU.
 *
 * @example
 * ```ts
 * const { result, failures } = await runBench({ files, measure: DEFAULT_MEASURE, isolate: 'worker', command: 'lptf bench' })
 * ```
 */
export async function runBench(o: BenchRunOptions): Promise<{ result: BenchRunResult; failures: BenchFailure[] }> {
  const suites: SuiteResult[] = [];
  const failures: BenchFailure[] = [];
  const startedAt = new Date().toISOString();
  for (const rel of o.files) {
    const file = resolve(rel);
    const loader = typescriptLoader(file);
    if (typeof loader === 'string') {
      failures.push({ file, message: loader, exitCode: 2 });
      continue;
    }
    const collect = (m: Message): void => {
      if (m.type === 'start') o.onEvent?.({ type: 'start', file, suite: String(m['suite']) });
      else if (m.type === 'progress')
        o.onEvent?.({
          type: 'progress',
          file,
          suite: String(m['suite']),
          done: Number(m['done']),
          total: Number(m['total']),
        });
      else if (m.type === 'fatal')
        failures.push({ file, message: String(m['message']), exitCode: Number(m['exitCode'] ?? 1) });
    };
    const baseFile = o.baseOf?.(file);
    const baseLoader = baseFile ? typescriptLoader(baseFile) : undefined;
    if (typeof baseLoader === 'string') {
      failures.push({ file: baseFile as string, message: baseLoader, exitCode: 2 });
      continue;
    }
    const base = baseFile && baseLoader ? { base: { file: baseFile, loader: baseLoader } } : {};
    if (o.isolate === 'worker') {
      await runJob({ file, options: o.measure, list: false, loader, ...base }, 'worker', (m) => {
        collect(m);
        if (m.type === 'suite') {
          suites.push(m['result'] as SuiteResult);
          o.onEvent?.({ type: 'suite', file, result: m['result'] as SuiteResult });
        }
      });
      continue;
    }
    let listing: { name: string; benchmarks: string[]; baseline: string | null }[] = [];
    await runJob({ file, options: o.measure, list: true, loader }, 'worker', (m) => {
      if (m.type === 'list') listing = m['suites'] as typeof listing;
      else collect(m);
    });
    for (const s of listing) {
      const parts: SuiteResult[] = [];
      for (const b of s.benchmarks) {
        await runJob(
          { file, options: { ...o.measure, only: [b] }, list: false, suite: s.name, loader },
          'process',
          (m) => {
            collect(m);
            if (m.type === 'suite') parts.push(m['result'] as SuiteResult);
          },
        );
      }
      if (parts.length === 0) continue;
      // Each benchmark's figures come from its own process; the baseline's from the first.
      const merged: SuiteResult = {
        ...(parts[0] as SuiteResult),
        pairs: s.benchmarks.flatMap((b, i) => (parts[i]?.pairs ?? []).filter((p) => p.benchmark === b)),
      };
      suites.push(merged);
      o.onEvent?.({ type: 'suite', file, result: merged });
    }
  }
  const result: BenchRunResult = {
    schema: 'lptf.bench/1',
    startedAt,
    meta: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.availableParallelism(),
      command: o.command,
    },
    options: {
      rounds: o.measure.rounds,
      sampleMs: o.measure.sampleMs,
      seed: o.measure.seed,
      isolate: o.isolate,
      gc: o.measure.gc,
      ...(o.measure.iterations !== undefined ? { iterations: o.measure.iterations } : {}),
    },
    suites,
  };
  return { result, failures };
}
