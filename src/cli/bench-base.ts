import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors/index.js';

/**
 * The base a bench run is measured against (`--against`): a folder as it is, or a git revision
 * checked out into a worktree of its own for the run.
 *
 * @example
 * ```ts
 * const base: BenchBase = await benchBase('HEAD')
 * try { … base.fileFor('/repo/bench/a.bench.ts') … } finally { base.remove() }
 * ```
 */
export interface BenchBase {
  /** What it is, for the report: `HEAD (3f2a9c1d0e7b)`, or the folder. */
  readonly label: string;
  /** A bench file's counterpart in the base, if the base has it. */
  fileFor(file: string): string | undefined;
  /** Removes the worktree made for a revision (a folder is left as it was). */
  remove(): void;
}

/**
 * Finds or makes the base. A revision's worktree goes in `.lptf/` at the top of the repository
 * (listed in the repository's own `info/exclude`, so `git status` stays clean): its bench files
 * then import the packages the working tree has installed (`node_modules` is found walking up; a
 * worktree of its own has none), while their own code, and their `package.json` (ES module or
 * not), are the revision's. Not under `node_modules`, where Node would take them for CommonJS.
 *
 * @example
 * ```ts
 * const base = benchBase('main')
 * ```
 */
export function benchBase(against: string): BenchBase {
  if (existsSync(against) && statSync(against).isDirectory()) {
    const root = resolve(against);
    const head = process.cwd();
    return { label: against, fileFor: (file) => counterpart(head, root, file), remove: () => undefined };
  }
  const git = (...args: string[]): string =>
    execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let top: string;
  let sha: string;
  try {
    top = git('rev-parse', '--show-toplevel');
    sha = git('rev-parse', '--verify', '--end-of-options', `${against}^{commit}`);
  } catch {
    throw new UsageError(`--against: "${against}" is neither a folder nor a git revision of the repository here`);
  }
  const dir = join(top, '.lptf', `against-${sha.slice(0, 12)}`);
  // Said relative to the current folder, where git ran.
  const exclude = resolve(git('rev-parse', '--git-path', 'info/exclude'));
  const excluded = existsSync(exclude) ? readFileSync(exclude, 'utf8') : '';
  if (!excluded.split('\n').includes('/.lptf/')) {
    mkdirSync(dirname(exclude), { recursive: true });
    appendFileSync(exclude, `${excluded === '' || excluded.endsWith('\n') ? '' : '\n'}/.lptf/\n`);
  }
  // A worktree left by a run that was killed: made again, from the revision as it is.
  if (existsSync(dir)) git('worktree', 'remove', '--force', dir);
  git('worktree', 'prune');
  git('worktree', 'add', '--detach', '--force', dir, sha);
  return {
    label: `${against} (${sha.slice(0, 12)})`,
    fileFor: (file) => counterpart(top, dir, file),
    remove: () => {
      try {
        git('worktree', 'remove', '--force', dir);
      } catch {
        // Already gone: nothing to remove.
      }
    },
  };
}

/** The same path under `base` as `file` has under `head`, if it exists there. */
function counterpart(head: string, base: string, file: string): string | undefined {
  const rel = relative(head, resolve(file));
  if (rel.startsWith('..')) return undefined;
  const there = join(base, rel);
  return existsSync(there) ? there : undefined;
}
