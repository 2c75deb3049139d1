import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { importUserModule } from '../../core/modules/import-module.js';
import type { PlanInput, Sourced } from '../fields/field.js';
import { isLoadTest, type LoadTestOptions } from '../script/index.js';
import { anchorPaths } from './config-file.js';
import { optionsLayer } from './options-layer.js';

/**
 * A load file read: its plan fields as a layer (beneath the config file, the environment and the
 * flags), its scenarios and feeders, and the folder its relative paths start from.
 *
 * @example
 * ```ts
 * const file = await readLoadFile({ value: 'checkout.load.ts', where: '<file>' })
 * ```
 */
export interface LoadFile {
  /** Empty for a test given in code (`run({ scenarios })`). */
  readonly path: string;
  /** How problems name it: as the user gave it (`options` for a test given in code). */
  readonly shown: string;
  /** What its problems start with: `checkout.load.ts: ` (then the field), or `options.` */
  readonly prefix: string;
  readonly dir: string;
  readonly layer: PlanInput;
  readonly options: LoadTestOptions;
  /** Its source, to name the line of a field in a problem (empty for options given in code). */
  readonly text: string;
}

/** The extensions a load file may have: `lptf run <file>` takes one of these for a file, not a URL. */
export const LOAD_FILE = /\.(ts|mts|js|mjs)$/i;

/**
 * Imports a load file and reads its `export default loadTest({...})`. A file that is missing,
 * throws on import (named with the line that threw, when its stack shows it) or exports no
 * `loadTest()` is bad input: problems, before any traffic.
 *
 * @example
 * ```ts
 * const file = await readLoadFile(src)
 * if (Array.isArray(file)) problems.push(...file)
 * ```
 */
export async function readLoadFile(src: Sourced): Promise<LoadFile | Problem[]> {
  // A test given in code (run()'s options, or a loadTest()): read as a file is, from the working folder.
  if (typeof src.value === 'object' && src.value !== null) return inlineLoadTest(src.value);
  const shown = String(src.value);
  const path = resolve(shown);
  if (!LOAD_FILE.test(path))
    return [{ where: src.where, message: `"${shown}" is not a load file: it ends in .ts, .mts, .js or .mjs` }];
  try {
    if (!(await stat(path)).isFile()) return [{ where: src.where, message: `${shown} is not a file` }];
  } catch (err) {
    return [
      { where: src.where, message: `cannot read the load file ${shown}: ${(err as NodeJS.ErrnoException).code}` },
    ];
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (err) {
    if (err instanceof InvalidInputError) return [...err.problems];
    return importProblems(err instanceof Error ? err : new Error(String(err)), path, shown);
  }
  const exported = mod['default'];
  if (!isLoadTest(exported) || typeof exported.options !== 'object' || exported.options === null)
    return [
      {
        where: shown,
        message: `exports no loadTest(): write export default loadTest({ url: '…', … }), with import { loadTest } from 'lptf/load'`,
      },
    ];
  const dir = dirname(path);
  const prefix = `${shown}: `;
  const text = await readFile(path, 'utf8').catch(() => '');
  if (exported.options.script !== undefined)
    return [{ where: `${prefix}script`, message: 'a load file is the script itself: leave it out' }];
  return { path, shown, prefix, dir, layer: codeLayer(exported.options, prefix, dir), options: exported.options, text };
}

/** A load test given in code: its options, as a file's, named `options.<field>`. */
function inlineLoadTest(value: object): LoadFile {
  const options = (isLoadTest(value) ? value.options : value) as LoadTestOptions;
  const dir = process.cwd();
  return {
    path: '',
    shown: 'options',
    prefix: 'options.',
    dir,
    layer: codeLayer(options, 'options.', dir),
    options,
    text: '',
  };
}

/** A plan layer of options written as code, its relative paths from `dir`. */
function codeLayer(options: LoadTestOptions, prefix: string, dir: string): PlanInput {
  return Object.fromEntries(
    Object.entries(optionsLayer(options, prefix)).map(([key, s]) => [
      key,
      s && { value: anchorPaths(key, s.value, dir), where: s.where },
    ]),
  );
}

/**
 * What is wrong with a file that did not import: each compile error at its `file:line:column`
 * (esbuild's, through tsx: `Transform failed with 2 errors:` then one line each), else the error
 * in full at the line that threw.
 */
function importProblems(e: Error, path: string, shown: string): Problem[] {
  const compile = [...e.message.matchAll(/^(.+?):(\d+):(\d+): ERROR: (.+)$/gm)].filter((m) => m[1] === path);
  if (compile.length > 0)
    return compile.map((m) => ({ where: `${shown}:${m[2]}:${m[3]}`, message: `it does not compile: ${m[4]}` }));
  const line = lineIn(e, path);
  // Node's own TypeScript errors span lines (the code, a caret): shown whole, indented under the problem.
  const text = e.message
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, 12)
    .join('\n      ');
  return [{ where: line ? `${shown}:${line}` : shown, message: `it throws on import: ${e.name}: ${text}` }];
}

/** The line of `file` an error was thrown at, from its stack (a syntax error names it in its first line). */
function lineIn(err: Error, file: string): number | undefined {
  const stack = err.stack ?? '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}
