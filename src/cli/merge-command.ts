import { createReadStream } from 'node:fs';
import { Command, Option } from 'commander';
import { InvalidInputError, UsageError } from '../core/errors/index.js';
import { runExitCode } from '../core/exit-codes.js';
import type { MeasurementFile } from '../load/merge/index.js';
import type { ReadBudget } from '../output/index.js';
import { collect } from './collect.js';

/**
 * The `lptf merge` command: the result folders of a test's segments (`lptf run --segment i/N
 * --out dir`) merged into one result, checks evaluated on the whole; the report to stdout, and
 * every file `--out` writes (including a merged measure.json) into `-o`.
 *
 * @example
 * ```ts
 * program.addCommand(mergeCommand())
 * ```
 */
export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      "merge the result folders of a test's segments (lptf run --segment i/N -o dir) into one result, checks evaluated on the whole",
    )
    .argument('[dirs...]', "the segments' --out folders (or their measure.json)")
    .option(
      '--logs <file>',
      "read the segments from pods' logs (lptf k8s --results logs; - for stdin); repeatable",
      collect,
    )
    .option('-o, --out <dir>', 'write summary.json, report.md, measure.json (and --format files) of the whole here')
    .option('--format <format>', 'also write html, csv, junit or text into --out; repeatable', collect)
    .addOption(new Option('--lang <lang>', "the reports' language (default: the segments' own)").choices(['zh', 'en']))
    .action(async (dirs: string[], flags: { out?: string; format?: string[]; lang?: 'zh' | 'en'; logs?: string[] }) => {
      const { runKind, textReport, writeMeasurement } = await import('../load/report/index.js');
      const formats = flags.format ?? [];
      for (const f of formats)
        if (!runKind.reporters.find(f)) throw new UsageError(`--format: ${runKind.reporters.unknown(f)}`);
      if (formats.length > 0 && !flags.out) throw new UsageError('--format: formats are files: give --out <dir> too');
      // Loaded when merging: the schemas need not load with every command.
      const { readMeasurement } = await import('./read-measurement.js');
      const { ReadBudget } = await import('../output/index.js');
      // One bound on what the whole merge reads: its folders and its logs together.
      const budget = new ReadBudget();
      const parts = await Promise.all(dirs.map((d) => readMeasurement(d, budget)));
      for (const file of flags.logs ?? []) parts.push(...(await measurementsFromLogs(file, budget)));
      if (parts.length === 0) throw new UsageError('give the segments: their folders, or --logs <file>');
      const { mergeMeasurements } = await import('../load/merge/index.js');
      const { inLang } = await import('../load/result/index.js');
      const sources = [...dirs, ...(flags.logs ?? []).map((f) => `--logs ${f}`)];
      const merged = mergeMeasurements(parts, `lptf merge ${sources.join(' ')}`);
      const result = flags.lang ? inLang(merged.result, flags.lang) : merged.result;
      const measurement = flags.lang ? { ...merged.measurement, lang: flags.lang } : merged.measurement;
      process.stdout.write(textReport(result));
      if (flags.out) {
        const { writeReports } = await import('../output/index.js');
        const files = await writeReports(runKind, result, flags.out, formats);
        files.push(await writeMeasurement(measurement, flags.out));
        process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
      }
      // A merge judges what the segments measured; one that was interrupted is said in the report, not the code.
      process.exitCode = runExitCode({ ...result, interrupted: false });
    });
}

/** Every segment's measure.json printed in a log file (or stdin), each checked as a file is; read line by line. */
async function measurementsFromLogs(file: string, budget: ReadBudget): Promise<MeasurementFile[]> {
  const { FrameReader } = await import('../load/k8s/index.js');
  const { measurementFromText } = await import('./read-measurement.js');
  const source = file === '-' ? 'stdin' : file;
  const frames = new FrameReader(source, budget);
  try {
    await frames.read(file === '-' ? process.stdin : createReadStream(file));
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    throw new UsageError(`--logs: ${(err as Error).message}`);
  }
  return frames.found().map((f) => measurementFromText(f.json, f.where));
}
