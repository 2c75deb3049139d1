import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../core/errors/index.js';

/** A glob (`*`, `**`, `?`) as a regular expression over `/`-separated paths. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

/**
 * Bench files from arguments: plain paths (which must exist) and globs such as
 * `bench/**\/*.bench.ts` (for shells that do not expand them). Sorted, without duplicates.
 *
 * @example
 * ```ts
 * expandFiles(['bench/*.bench.ts']) // ['bench/a.bench.ts', 'bench/b.bench.ts']
 * ```
 */
export function expandFiles(args: readonly string[]): string[] {
  const problems: Problem[] = [];
  const out = new Set<string>();
  for (const arg of args) {
    if (!/[*?]/.test(arg)) {
      try {
        if (statSync(arg).isFile()) out.add(arg);
        else problems.push({ where: arg, message: 'not a file' });
      } catch {
        problems.push({ where: arg, message: 'no such file' });
      }
      continue;
    }
    const base = arg.slice(0, arg.search(/[*?]/)).replace(/[^/]*$/, '') || '.';
    const re = globRegExp(arg.replace(/^\.\//, ''));
    let matched: string[] = [];
    try {
      matched = walk(base).filter((p) => re.test(relative('.', resolve(p)).split('\\').join('/')));
    } catch {
      matched = [];
    }
    if (matched.length === 0) problems.push({ where: arg, message: 'matches no file' });
    for (const m of matched) out.add(m);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return [...out].sort();
}
