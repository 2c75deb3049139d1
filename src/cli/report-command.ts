import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError, UsageError } from '../core/errors/index.js';
import { FORMATS, isFormat, writeOutputs, type Format } from '../load/report/index.js';
import type { RunResult } from '../load/result/index.js';
import { PHASE_FORMATS, type PhaseTimerResult } from '../timing/phases/index.js';
import type { BenchRunResult } from '../bench/index.js';
import { collect } from './collect.js';

/**
 * Reads a saved result: a run (a folder written by `--out`, or its `summary.json`), a
 * straight test's JSON (`lptf.phases/1`) or a bench run's (`lptf.bench/1`); any other schema
 * than those asked for is refused, naming the file.
 *
 * @example
 * ```ts
 * const saved = await readSaved('results/run-1', ['lptf.run/1'])
 * ```
 */
export async function readSaved(where: string, schemas: readonly string[]): Promise<RunResult | PhaseTimerResult | BenchRunResult> {
  const path = where.endsWith('.json') ? where : join(where, 'summary.json');
  let value: { schema?: unknown };
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as { schema?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InvalidInputError([{ where: path, message: code === 'ENOENT' ? (where.endsWith('.json') ? 'no such file' : 'no such file: is this a folder written by --out?') : `not readable JSON (${(err as Error).message})` }]);
  }
  if (!schemas.includes(String(value?.schema))) {
    throw new InvalidInputError([{ where: path, message: `not a saved lptf result (schema ${JSON.stringify(value?.schema)}, expected ${schemas.map((s) => `"${s}"`).join(' or ')})` }]);
  }
  return value as RunResult | PhaseTimerResult | BenchRunResult;
}

/**
 * Reads a saved run, refusing anything else.
 *
 * @example
 * ```ts
 * const result = await readRun('results/run-1')
 * ```
 */
export async function readRun(where: string): Promise<RunResult> {
  return (await readSaved(where, ['lptf.run/1'])) as RunResult;
}

/**
 * The `lptf report` command: re-renders a saved run in any format, to stdout or into a folder.
 *
 * @example
 * ```ts
 * program.addCommand(reportCommand())
 * ```
 */
export function reportCommand(): Command {
  return new Command('report')
    .description('re-render a saved run (a folder written by --out) as text, md, json, csv, junit or html, or a straight test\'s JSON (PhaseTimer) as text, md, json or html')
    .argument('<dir>', 'the folder holding summary.json, or a .json file')
    .option('--format <format>', `format, repeatable: ${Object.keys(FORMATS).join(', ')} (default text)`, collect)
    .option('-o, --out <dir>', 'write the formats into this folder instead of printing them')
    .action(async (dir: string, flags: { format?: string[]; out?: string }) => {
      const saved = (await readSaved(dir, ['lptf.run/1', 'lptf.phases/1'])) as RunResult | PhaseTimerResult;
      const names = flags.format ?? ['text'];
      if (saved.schema === 'lptf.phases/1') return renderPhases(saved, names, flags.out);
      const unknown = names.filter((f) => !isFormat(f));
      if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.map((f) => `"${f}"`).join(', ')}; known: ${Object.keys(FORMATS).join(', ')}`);
      const formats = names as Format[];
      if (flags.out) {
        const files = await writeOutputs(saved, flags.out, formats);
        process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
      } else {
        for (const f of formats) process.stdout.write(FORMATS[f].render(saved));
      }
    });
}

/** A straight test's JSON (from `PhaseTimer`) in its formats: text, md, json, html. */
async function renderPhases(result: PhaseTimerResult, names: readonly string[], out: string | undefined): Promise<void> {
  const known = Object.keys(PHASE_FORMATS);
  const unknown = names.filter((f) => !Object.hasOwn(PHASE_FORMATS, f));
  if (unknown.length > 0) throw new UsageError(`unknown format for a straight test ${unknown.map((f) => `"${f}"`).join(', ')}; known: ${known.join(', ')}`);
  const formats = names as (keyof typeof PHASE_FORMATS)[];
  if (!out) {
    for (const f of formats) process.stdout.write(PHASE_FORMATS[f].render(result));
    return;
  }
  await mkdir(out, { recursive: true });
  const files = formats.map((f) => join(out, PHASE_FORMATS[f].file));
  await Promise.all(formats.map((f, i) => writeFile(files[i] as string, PHASE_FORMATS[f].render(result))));
  process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
}
