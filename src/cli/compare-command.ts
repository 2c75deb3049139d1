import { Command, Option } from 'commander';
import { compareKind } from '../load/compare/compare-kind.js';
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
    .addOption(
      new Option('--format <format>', 'output format (json: both runs, for lptf report)')
        .choices(compareKind.reporters.names())
        .default('text'),
    )
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (runA: string, runB: string, flags: { format: 'text' | 'md' | 'html'; out?: string }) => {
      const [a, b] = await Promise.all([readRun(runA), readRun(runB)]);
      const { compareHtml, compareMarkdown, compareText } = await import('../load/compare/index.js');
      const render = { text: compareText, md: compareMarkdown, html: compareHtml }[flags.format];
      const text = render({ a, b, labels: [runA, runB] });
      if (flags.out) {
        await writeFileAtomic(flags.out, text);
        process.stderr.write(`lptf: wrote ${flags.out}\n`);
      } else process.stdout.write(text);
    });
}
