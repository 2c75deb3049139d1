import { Command } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { writeFileAtomic } from '../output/index.js';
import { readRun } from './report-command.js';

/**
 * The `lptf compare` command: two saved runs side by side, with B's change from A, as text,
 * Markdown or an HTML page with both runs' charts.
 *
 * @example
 * ```ts
 * program.addCommand(compareCommand())
 * ```
 */
export function compareCommand(): Command {
  return new Command('compare')
    .description('compare two saved runs (folders written by --out, or their summary.json): B against A')
    .argument('<runA>', 'the baseline run')
    .argument('<runB>', 'the run to compare with it')
    .option(
      '--format <format>',
      'output format: text, md, html, or json (both runs, which lptf report re-renders)',
      'text',
    )
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (runA: string, runB: string, flags: { format: string; out?: string }) => {
      const { compareKind } = await import('../load/compare/compare-kind.js');
      // Checked before reading the runs: a typo is a usage error (exit 2) that lists the formats.
      const reporter = compareKind.reporters.find(flags.format);
      if (!reporter) throw new UsageError(`--format: ${compareKind.reporters.unknown(flags.format)}`);
      const [a, b] = await Promise.all([readRun(runA), readRun(runB)]);
      const text = reporter.render({ a, b, labels: [runA, runB] });
      if (flags.out) {
        await writeFileAtomic(flags.out, text);
        process.stderr.write(`lptf: wrote ${flags.out}\n`);
      } else process.stdout.write(text);
    });
}
