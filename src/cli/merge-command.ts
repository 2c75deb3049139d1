import { Command, Option } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { collect } from './collect.js';
import { EXIT } from './exit-codes.js';

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
    .argument('<dirs...>', "the segments' --out folders (or their measure.json)")
    .option('-o, --out <dir>', 'write summary.json, report.md, measure.json (and --format files) of the whole here')
    .option('--format <format>', 'also write html, csv, junit or text into --out; repeatable', collect)
    .addOption(new Option('--lang <lang>', "the reports' language (default: the segments' own)").choices(['zh', 'en']))
    .action(async (dirs: string[], flags: { out?: string; format?: string[]; lang?: 'zh' | 'en' }) => {
      const { runKind, textReport, writeMeasurement } = await import('../load/report/index.js');
      const formats = flags.format ?? [];
      for (const f of formats)
        if (!runKind.reporters.find(f)) throw new UsageError(`--format: ${runKind.reporters.unknown(f)}`);
      if (formats.length > 0 && !flags.out) throw new UsageError('--format: formats are files: give --out <dir> too');
      // Loaded when merging: the schemas need not load with every command.
      const { readMeasurement } = await import('./read-measurement.js');
      const parts = await Promise.all(dirs.map(readMeasurement));
      const { mergeMeasurements } = await import('../load/merge/index.js');
      const { inLang } = await import('../load/result/index.js');
      const merged = mergeMeasurements(parts, `lptf merge ${dirs.join(' ')}`);
      const result = flags.lang ? inLang(merged.result, flags.lang) : merged.result;
      const measurement = flags.lang ? { ...merged.measurement, lang: flags.lang } : merged.measurement;
      process.stdout.write(textReport(result));
      if (flags.out) {
        const { writeReports } = await import('../output/index.js');
        const files = await writeReports(runKind, result, flags.out, formats);
        files.push(await writeMeasurement(measurement, flags.out));
        process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
      }
      process.exitCode = result.passed ? EXIT.pass : EXIT.checkFailed;
    });
}
