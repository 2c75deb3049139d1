import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { importUserModule } from '../../core/modules/import-module.js';
import { isLoadTest } from '../script/index.js';

/**
 * A file a load file needs in a pod: its path from the load file's folder (with `/`), its text.
 *
 * @example
 * ```ts
 * const f: ShippedFile = { path: 'data/users.csv', text: 'id,name\n1,ann\n' }
 * ```
 */
export interface ShippedFile {
  readonly path: string;
  readonly text: string;
}

/** The most a load file and its files may weigh: what a ConfigMap holds, less room for the plan. */
export const MAX_TREE_BYTES = 900 * 1024;

// An import, an export from, a dynamic import or a require of a quoted specifier.
const SPECIFIER =
  /(?:\bimport|\bexport)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const BUILTIN = new Set(builtinModules);
const EXTENSIONS = ['', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js', '/index.mjs'];

/**
 * What a load file needs to run in a pod with only Node and lptf: the file, the files it
 * imports (relative specifiers, followed from file to file; `.js` written for a `.ts` file
 * as TypeScript writes it) and the data files its feeders read. Refuses, with every reason at
 * once, what cannot ship: a file outside the load file's folder, an absolute path, a package
 * other than lptf and Node's own, more than {@link MAX_TREE_BYTES} in all.
 *
 * @example
 * ```ts
 * const files = await loadFileTree('tests/checkout.load.ts') // [{ path: 'checkout.load.ts', … }, { path: 'data/users.csv', … }]
 * ```
 */
export async function loadFileTree(file: string): Promise<ShippedFile[]> {
  const entry = resolve(file);
  const root = dirname(entry);
  const problems: Problem[] = [];
  const files = new Map<string, string>();
  const inside = (abs: string): string | undefined => {
    const rel = relative(root, abs);
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
  };
  const add = async (abs: string, where: string, what: string): Promise<string | undefined> => {
    const rel = inside(abs);
    if (rel === undefined) {
      problems.push({
        where,
        message: `${what} ${abs} is outside the load file's folder (${root}): only that folder and those below it ship to the pods; move it there`,
      });
      return undefined;
    }
    if (files.has(rel)) return undefined;
    const text = await readFile(abs, 'utf8').catch((err: NodeJS.ErrnoException) => {
      problems.push({ where, message: `cannot read ${what} ${abs}: ${err.code ?? err.message}` });
      return undefined;
    });
    if (text === undefined) return undefined;
    files.set(rel, text);
    return text;
  };
  const follow = async (abs: string, where: string): Promise<void> => {
    const text = await add(abs, where, 'the file');
    if (text === undefined) return;
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = (m[1] ?? m[2] ?? m[3] ?? m[4]) as string;
      const at = `${abs}: import '${spec}'`;
      if (spec === 'lptf' || spec.startsWith('lptf/') || spec.startsWith('node:') || BUILTIN.has(spec)) continue;
      if (isAbsolute(spec) || spec.startsWith('file:')) {
        problems.push({
          where: at,
          message: 'an absolute path does not exist in the pods: import it relative to the file',
        });
        continue;
      }
      if (!spec.startsWith('.')) {
        problems.push({
          where: at,
          message: `the pods have Node and lptf only, not the package "${spec}": bundle it into the load file's folder, or give an --image that has it`,
        });
        continue;
      }
      const found = await existing(resolve(dirname(abs), spec));
      if (found) await follow(found, at);
      else problems.push({ where: at, message: 'no such file' });
    }
  };
  await follow(entry, file);
  // The files the feeders read, as the load file names them.
  if (problems.length === 0) {
    const mod = await importUserModule(entry);
    const test = mod['default'];
    const data = isLoadTest(test) ? (test.options.data ?? {}) : {};
    for (const [name, spec] of Object.entries(data)) {
      const path = (spec as { file?: unknown }).file;
      if (typeof path !== 'string') continue;
      if (isAbsolute(path))
        problems.push({
          where: `${file} data.${name}.file`,
          message: `${path} is an absolute path: the pods have no such file; write it relative to the load file`,
        });
      else await add(resolve(root, path), `${file} data.${name}.file`, 'the data file');
    }
  }
  const bytes = [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  if (bytes > MAX_TREE_BYTES)
    problems.push({
      where: file,
      message: `the load file and its files weigh ${bytes} bytes, more than a ConfigMap holds (${MAX_TREE_BYTES}): give large data as --cases, or build an --image that holds them`,
    });
  if (problems.length > 0) throw new InvalidInputError(problems);
  return [...files].map(([path, text]) => ({ path, text }));
}

/** The file an import specifier names, trying the extensions Node and TypeScript would. */
async function existing(base: string): Promise<string | undefined> {
  const stems = [base, base.replace(/\.(m|c)?js$/, '.$1ts')];
  for (const stem of stems)
    for (const ext of EXTENSIONS) {
      const text = await readFile(stem + ext).catch(() => undefined);
      if (text !== undefined) return stem + ext;
    }
  return undefined;
}
