import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { IMPORT_CHECKS } from '../load/import/import-checks.js';
import type { RunResult } from '../load/result/index.js';
import { type ResultKind, readResult, writeReports } from '../output/index.js';
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
export async function readSaved(
  where: string,
  schemas?: readonly string[],
  imports: { readonly checks?: readonly string[]; readonly lang?: 'zh' | 'en' } = {},
): Promise<Awaited<ReturnType<typeof readResult>> & { readonly imported?: true }> {
  await import('../result-types.js');
  const { runKind } = await import('../load/report/run-kind.js');
  const imported = !schemas || schemas.includes(runKind.name) ? await importedRun(where, imports) : undefined;
  if (imported) return { kind: runKind as ResultKind<unknown>, result: imported, path: where, imported: true };
  if (imports.checks)
    throw new UsageError(
      `--check: ${where} is a saved run of lptf's, judged by the checks it ran with; --check judges a JMeter or ab file`,
    );
  const measured = !schemas || schemas.includes(runKind.name) ? await measuredRun(where) : undefined;
  return measured
    ? { kind: runKind as ResultKind<unknown>, result: measured.result, path: measured.path }
    : readResult(where, schemas);
}

/** Another tool's results (JMeter's `.jtl`, ab's `-g` file) as a run, or undefined for any other file. */
async function importedRun(
  where: string,
  imports: { readonly checks?: readonly string[]; readonly lang?: 'zh' | 'en' },
): Promise<RunResult | undefined> {
  const { importRun } = await import('../load/import/index.js');
  const { localeLang } = await import('../load/fields/run-fields.js');
  return importRun(where, {
    ...(imports.checks ? { checks: imports.checks } : {}),
    lang: imports.lang ?? localeLang(),
    command: `lptf report ${where}`,
  });
}

/**
 * A run read from its `measure.json`: a file named so, or a folder that has one and no
 * `summary.json` (a run killed before it finished writing: its last checkpoint). The figures are
 * rebuilt as `lptf merge` rebuilds them, and a checkpoint says so in a note.
 */
async function measuredRun(where: string): Promise<{ result: RunResult; path: string } | undefined> {
  const path = where.endsWith('measure.json')
    ? where
    : where.endsWith('.json') || existsSync(join(where, 'summary.json'))
      ? undefined
      : join(where, 'measure.json');
  if (!path || !existsSync(path)) return undefined;
  const { mergeMeasurements } = await import('../load/merge/index.js');
  const { readMeasurement } = await import('./read-measurement.js');
  const { measurement } = await readMeasurement(path);
  const { result } = mergeMeasurements([{ path, measurement }], `lptf report ${where}`);
  const c = measurement.checkpoint;
  if (!c) return { result, path };
  const note = {
    en: `This run did not finish: these figures are its last checkpoint, at ${c.atSec} s (saved ${c.writtenAt}). It was killed, or its end failed, before its own files were written.`,
    zh: `这次压测没有正常结束：这些数据来自它最后一个检查点，第 ${c.atSec} 秒（保存于 ${c.writtenAt}）。它被强行终止，或结束时出错，本应写出的结果文件没有写成。`,
  };
  return { result: { ...result, notes: [note, ...result.notes] }, path };
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
      "re-render a saved result (a run or merge folder written by --out, or a run, phases, bench, compare or capacity .json) in any of its formats; or render another tool's results (JMeter's .jtl, CSV or XML; ab's -g file) as a run",
    )
    .argument(
      '<dir>',
      "a folder written by --out, a saved .json (summary, phases, bench, compare, capacity), or JMeter's or ab's results",
    )
    .option(
      '--check <expr>',
      `a JMeter or ab file's checks, repeatable (default the self-test's: ${IMPORT_CHECKS.join(', ')})`,
      collect,
    )
    .option('--format <format>', 'format, repeatable; "all" for every format of the result (default text)', collect)
    .option('-o, --out <dir>', 'write the formats into this folder instead of printing them')
    .addOption(new Option('--lang <lang>', "a load run's language (default: the run's own)").choices(['zh', 'en']))
    .addHelpText(
      'after',
      '\nExit codes: 0 rendered; 2 bad input. A JMeter or ab file is judged here: 0 its checks passed, 1 one failed, 3 inconclusive.',
    )
    .action(async (dir: string, flags: { format?: string[]; out?: string; lang?: 'zh' | 'en'; check?: string[] }) => {
      const saved = await readSaved(dir, undefined, {
        ...(flags.check ? { checks: flags.check } : {}),
        ...(flags.lang ? { lang: flags.lang } : {}),
      });
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
      // A JMeter or ab file is judged here, for the first time: its verdict is the exit code a CI
      // job gates on, as a run's is (0 pass, 1 fail, 3 inconclusive). A saved run was judged when it ran.
      if (saved.imported) {
        const { runExitCode } = await import('../core/exit-codes.js');
        process.exitCode = runExitCode(result as RunResult);
      }
    });
}
