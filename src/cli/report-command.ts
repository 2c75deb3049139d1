import { Command, Option } from 'commander';
import { UsageError } from '../core/errors/index.js';
import type { RunResult } from '../load/result/index.js';
import { readResult, writeReports } from '../output/index.js';
import { collect } from './collect.js';

/**
 * Reads a saved run, refusing any other result.
 *
 * @example
 * ```ts
 * const result = await readRun('results/run-1')
 * ```
 */
export async function readRun(where: string): Promise<RunResult> {
  return (await readSaved(where, ['lptf.run/1'])).result as RunResult;
}

/**
 * A saved result of any registered type (see `readResult`), the result types registered first.
 *
 * @example
 * ```ts
 * const { kind, result } = await readSaved('results/run-1')
 * ```
 */
export async function readSaved(where: string, schemas?: readonly string[]): ReturnType<typeof readResult> {
  await import('../result-types.js');
  return readResult(where, schemas);
}

/**
 * The `lptf report` command: re-renders any saved result (a run, a merge, a straight test, a
 * bench run, a comparison) in any of its formats, to stdout or into a folder.
 *
 * @example
 * ```ts
 * program.addCommand(reportCommand())
 * ```
 */
export function reportCommand(): Command {
  return new Command('report')
    .description(
      're-render a saved result (a run or merge folder written by --out, or a run, phases, bench or compare .json) in any of its formats',
    )
    .argument('<dir>', 'a folder written by --out, or a saved .json (summary, phases, bench, compare)')
    .option('--format <format>', 'format, repeatable; "all" for every format of the result (default text)', collect)
    .option('-o, --out <dir>', 'write the formats into this folder instead of printing them')
    .addOption(new Option('--lang <lang>', "a load run's language (default: the run's own)").choices(['zh', 'en']))
    .action(async (dir: string, flags: { format?: string[]; out?: string; lang?: 'zh' | 'en' }) => {
      const saved = await readSaved(dir);
      const { kind } = saved;
      const { inLang } = await import('../load/result/index.js');
      const { runKind } = await import('../load/report/run-kind.js');
      if (flags.lang && kind.name !== runKind.name)
        throw new UsageError(`--lang: a ${kind.title} is written in English only; --lang applies to load runs`);
      const result = flags.lang ? inLang(saved.result as RunResult, flags.lang) : saved.result;
      const asked = flags.format ?? ['text'];
      const names = asked.includes('all') ? kind.reporters.names() : asked;
      const unknown = names.filter((f) => !kind.reporters.find(f));
      if (unknown.length > 0) {
        throw new UsageError(
          `unknown format ${unknown.map((f) => `"${f}"`).join(', ')} for a ${kind.title}; known: ${kind.reporters.names().join(', ')}`,
        );
      }
      if (flags.out) {
        const files = await writeReports(kind, result, flags.out, names);
        process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
      } else {
        for (const f of names) process.stdout.write(kind.reporters.get(f).render(result));
      }
    });
}
