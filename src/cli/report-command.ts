import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError, UsageError } from '../errors/index.js';
import { FORMATS, isFormat, writeOutputs, type Format } from '../report/index.js';
import type { RunResult } from '../result/index.js';
import { collect } from './collect.js';

/**
 * Reads a saved run (a folder written by `--out`, or its `summary.json`), refusing anything else.
 *
 * @example
 * ```ts
 * const result = await readRun('results/run-1')
 * ```
 */
export async function readRun(dir: string): Promise<RunResult> {
  // A folder written by --out, or its summary.json named directly.
  const path = dir.endsWith('.json') ? dir : join(dir, 'summary.json');
  let value: { schema?: unknown };
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as { schema?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InvalidInputError([{ where: path, message: code === 'ENOENT' ? 'no such file: is this a folder written by --out?' : `not readable JSON (${(err as Error).message})` }]);
  }
  if (value?.schema !== 'lptf.run/1') throw new InvalidInputError([{ where: path, message: `not an lptf run (schema ${JSON.stringify(value?.schema)}, expected "lptf.run/1")` }]);
  return value as RunResult;
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
    .description('re-render a saved run (a folder written by --out) as text, md, json, csv, junit or html')
    .argument('<dir>', 'the folder holding summary.json')
    .option('--format <format>', `format, repeatable: ${Object.keys(FORMATS).join(', ')} (default text)`, collect)
    .option('-o, --out <dir>', 'write the formats into this folder instead of printing them')
    .action(async (dir: string, flags: { format?: string[]; out?: string }) => {
      const names = flags.format ?? ['text'];
      const unknown = names.filter((f) => !isFormat(f));
      if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.map((f) => `"${f}"`).join(', ')}; known: ${Object.keys(FORMATS).join(', ')}`);
      const formats = names as Format[];
      const result = await readRun(dir);
      if (flags.out) {
        const files = await writeOutputs(result, flags.out, formats);
        process.stderr.write(`lptf: wrote ${files.join(', ')}\n`);
      } else {
        for (const f of formats) process.stdout.write(FORMATS[f].render(result));
      }
    });
}
