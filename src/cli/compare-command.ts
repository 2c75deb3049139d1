import { Command } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { EXIT } from '../core/exit-codes.js';
import { FAIL_ON_FORMS, judgeFailRules, parseFailRule } from '../load/compare/fail-on.js';
import { writeFileAtomic } from '../output/index.js';
import { collect } from './collect.js';
import { readRun } from './report-command.js';

/**
 * The `lptf compare` command: two saved runs side by side, with B's change from A, as text,
 * Markdown or an HTML page with both runs' charts; `--fail-on` rules make it a CI gate.
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
    .option(
      '--fail-on <rule>',
      `exit 1 when B's change from A breaks this rule, repeatable: ${FAIL_ON_FORMS.map((f) => `"${f}"`).join(', ')}`,
      collect,
      [],
    )
    .action(async (runA: string, runB: string, flags: { format: string; out?: string; failOn: string[] }) => {
      const { compareKind } = await import('../load/compare/compare-kind.js');
      // Checked before reading the runs: a typo is a usage error (exit 2) that lists the formats.
      const reporter = compareKind.reporters.find(flags.format);
      if (!reporter) throw new UsageError(`--format: ${compareKind.reporters.unknown(flags.format)}`);
      const rules = flags.failOn.map((text) => {
        try {
          return parseFailRule(text);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      });
      const [a, b] = await Promise.all([readRun(runA), readRun(runB)]);
      const text = reporter.render({ a, b, labels: [runA, runB] });
      if (flags.out) {
        await writeFileAtomic(flags.out, text);
        process.stderr.write(`lptf: wrote ${flags.out}\n`);
      } else process.stdout.write(text);
      const broken = judgeFailRules(rules, a, b).filter((v) => v.failed);
      if (broken.length > 0) {
        const list = broken.map((v) => `${v.rule.metric} ${v.shown} (fails on ${v.rule.text})`).join('; ');
        process.stderr.write(`lptf compare: ${broken.length} of ${rules.length} rule(s) broken: ${list}\n`);
        process.exitCode = EXIT.checkFailed;
      }
    });
}
