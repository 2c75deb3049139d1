import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import type { BenchView } from '../bench/bench-kind.js';
import { UsageError } from '../core/errors/index.js';
import { EXIT } from '../core/exit-codes.js';
import { parseDuration } from '../core/units/index.js';
import { writeFileAtomic, writeReports } from '../output/index.js';
import { collect } from './collect.js';
import { readSaved } from './report-command.js';
import { wholeNumber } from './whole-number.js';

interface BenchFlags {
  rounds: string;
  iterations?: string;
  sampleMs: string;
  warmupMs: string;
  timeout: string;
  gc?: boolean;
  seed?: string;
  isolate: 'worker' | 'process';
  format?: string[];
  out?: string;
  save?: string;
  compare?: string;
  against?: string;
  budget: string;
  threshold: string;
  quiet?: boolean;
}

/**
 * The `lptf bench` command: runs TypeScript bench files (no build step) and reports, saves and
 * compares their results.
 *
 * @example
 * ```ts
 * program.addCommand(benchCommand())
 * ```
 */
export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'run benchmark files (TypeScript or JavaScript, each suite in a worker thread): randomized interleaved rounds, validity checks, confidence intervals',
    )
    .argument('<files...>', 'bench files or globs, e.g. "bench/**/*.bench.ts"')
    .option('--rounds <n>', 'randomized rounds: samples per (benchmark, case)', '30')
    .option('--sample-ms <ms>', 'aim of each sample, batched to reach it', '2')
    .option(
      '--iterations <n>',
      "calls per sample, fixed for every suite (overrides a suite's own iterations and --sample-ms)",
    )
    .option('--warmup-ms <ms>', 'most warm-up per (benchmark, case)', '300')
    .option('--timeout <time>', 'a call (or a batch of async calls) slower than this fails its benchmark', '10s')
    .option('--gc', 'force a garbage collection between rounds')
    .option('--seed <n>', 'seed of the round order (default random, printed)')
    .addOption(
      new Option('--isolate <mode>', 'worker: a worker thread per file; process: a child process per benchmark')
        .choices(['worker', 'process'])
        .default('worker'),
    )
    .option('--format <format>', 'output, repeatable: text, md, json, csv, html (default text)', collect)
    .option('-o, --out <dir>', 'write bench.{txt,md,json,csv,html} for the formats asked for')
    .option('--save <file>', 'save the results (JSON, with samples) for a later --compare')
    .option(
      '--compare <file>',
      'compare with saved results: a change counts only if its whole 95% interval is beyond --threshold; exit 1 on a regression',
    )
    .option(
      '--against <ref|dir>',
      'measure a git revision (checked out in a worktree) or a folder beside the working tree, in the same interleaved rounds, until each change is decided or --budget ends; exit 1 on a regression',
    )
    .option('--budget <time>', 'with --against: most time per suite for rounds past --rounds', '60s')
    .option('--threshold <pct>', 'smallest change that counts, in percent', '5')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (args: string[], flags: BenchFlags) => {
      const formats = flags.format ?? ['text'];
      const { benchKind } = await import('../bench/bench-kind.js');
      const known = benchKind.reporters.names();
      const bad = formats.filter((f) => !known.includes(f));
      if (bad.length > 0)
        throw new UsageError(`--format: unknown ${bad.map((f) => `"${f}"`).join(', ')}; known: ${known.join(', ')}`);
      const timeoutMs = parseDuration(flags.timeout);
      if (timeoutMs === undefined || !(timeoutMs > 0))
        throw new UsageError(`--timeout: "${flags.timeout}" is not a duration (e.g. 10s, 500ms)`);
      const threshold = Number(flags.threshold);
      if (!(threshold >= 0)) throw new UsageError(`--threshold: "${flags.threshold}" is not a percentage`);
      const budgetMs = parseDuration(flags.budget, 's');
      if (budgetMs === undefined || !(budgetMs >= 0))
        throw new UsageError(`--budget: "${flags.budget}" is not a duration (e.g. 60s, 5m)`);
      if (flags.against && flags.compare)
        throw new UsageError(
          '--against and --compare: give one (--against measures both sides now; --compare reads a saved run)',
        );
      if (flags.against && flags.isolate === 'process')
        throw new UsageError('--against measures both sides in one thread, in the same rounds: drop --isolate process');
      const bench = await import('../bench/index.js');
      const files = bench.expandFiles(args);
      const before = flags.compare
        ? ((await readSaved(flags.compare, [benchKind.name])).result as BenchView).run
        : undefined;
      const base = flags.against ? (await import('./bench-base.js')).benchBase(flags.against) : undefined;
      const seed = flags.seed === undefined ? randomInt(2 ** 31) : wholeNumber('--seed', flags.seed, 0);
      const measure = {
        rounds: wholeNumber('--rounds', flags.rounds, 1),
        sampleMs: Number(flags.sampleMs),
        warmupMs: Number(flags.warmupMs),
        timeoutMs,
        gc: flags.gc === true,
        seed,
        ...(flags.iterations !== undefined
          ? { iterations: wholeNumber('--iterations', flags.iterations, 1, 1e9) }
          : {}),
        ...(base ? { against: { threshold: threshold / 100, budgetMs } } : {}),
      };
      if (!(measure.sampleMs > 0) || !(measure.warmupMs >= 0))
        throw new UsageError('--sample-ms and --warmup-ms: give positive numbers of ms');
      const tty = process.stderr.isTTY === true;
      if (base) {
        const alone = files.filter((f) => !base.fileFor(f));
        if (alone.length > 0 && !flags.quiet)
          process.stderr.write(`lptf bench: not in ${base.label}, measured alone: ${alone.join(', ')}\n`);
      }
      const { result: measured, failures } = await bench
        .runBench({
          files,
          measure,
          isolate: flags.isolate,
          ...(base ? { baseOf: (f: string) => base.fileFor(f) } : {}),
          command: ['lptf', 'bench', ...process.argv.slice(3)].join(' '),
          onEvent: flags.quiet
            ? undefined
            : (e) => {
                if (e.type === 'progress' && tty)
                  process.stderr.write(`\r\x1b[2K${e.suite}: round ${e.done}/${e.total}`);
                if (e.type === 'suite')
                  process.stderr.write(
                    `${tty ? '\r\x1b[2K' : ''}lptf bench: ${e.result.name} done (${e.result.pairs.length} pairs)\n`,
                  );
              },
        })
        .finally(() => base?.remove());
      // Against a base, the working tree's pairs are the run; the base's are its twins, in the same rounds.
      const result = base
        ? { ...bench.splitTwins(measured).head, options: { ...measured.options, against: base.label } }
        : measured;
      if (base && !flags.quiet)
        process.stderr.write(
          `lptf bench: against ${base.label}: both measured in the same randomized rounds, each change judged by its per-round ratios\n`,
        );
      if (before && !flags.quiet)
        for (const line of bench.drift(before, result)) process.stderr.write(`lptf bench: ${line}\n`);
      const changes = base
        ? bench.compareTwins(measured, threshold / 100)
        : before
          ? bench.compareRuns(result, before, threshold / 100)
          : [];
      const view: BenchView = { run: result, changes };
      if (flags.out) {
        // bench.json is always written: an --out folder holds the whole result, which lptf report re-renders.
        const written = await writeReports(benchKind, view, flags.out, formats);
        if (!formats.includes('text')) process.stdout.write(bench.benchText(result, changes));
        process.stderr.write(`lptf: wrote ${written.join(', ')}\n`);
      } else for (const f of formats) process.stdout.write(benchKind.reporters.get(f).render(view));
      if (flags.save) await writeFileAtomic(flags.save, benchKind.reporters.get('json').render(view));
      for (const f of failures) process.stderr.write(`lptf bench: ${f.message}\n`);
      const pairs = result.suites.flatMap((s) => s.pairs);
      const broken = pairs.filter((p) => !p.valid || p.error);
      const regressions = changes.filter((c) => c.verdict === 'regression');
      if (broken.length > 0)
        process.stderr.write(
          `lptf bench: ${broken.length} benchmark(s) invalid or failed: ${broken.map((p) => `${p.suite}/${p.benchmark}/${p.case}`).join(', ')}\n`,
        );
      if (regressions.length > 0)
        process.stderr.write(`lptf bench: ${regressions.length} regression(s) beyond ${threshold}%\n`);
      process.exitCode = failures.some((f) => f.exitCode === 2)
        ? EXIT.usage
        : failures.length > 0 || broken.length > 0 || regressions.length > 0
          ? EXIT.checkFailed
          : EXIT.pass;
    });
}
