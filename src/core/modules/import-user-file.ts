import { readFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerTypeScript } from './typescript-hooks.js';
import type { TypeScriptLoader } from './typescript-loader.js';

type Scope = 'module' | 'commonjs';

/** The module system a file belongs to, as Node decides it: its extension, else the nearest package.json's `type`. */
function scopeOf(file: string): Scope {
  const ext = extname(file).toLowerCase();
  if (ext === '.mts' || ext === '.mjs') return 'module';
  if (ext === '.cts' || ext === '.cjs') return 'commonjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: unknown };
      return pkg.type === 'module' ? 'module' : 'commonjs';
    } catch {
      if (dirname(dir) === dir) return 'commonjs';
    }
  }
}

type LoadHook = (
  url: string,
  context: { format?: string },
  next: (url: string, context: { format?: string }) => unknown,
) => unknown;

/**
 * Loads a user's file (a bench file, a load file), whatever project it sits in: an ES module
 * project, a CommonJS one (what `npm init -y` makes) or a folder with no package.json, in
 * TypeScript or JavaScript.
 *
 * @example
 * ```ts
 * const exports = await importUserFile('/abs/loops.bench.ts', { kind: 'node' })
 * ```
 */
export async function importUserFile(file: string, loader: TypeScriptLoader): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const scope = scopeOf(file);
  // tsx compiles a .ts file of a CommonJS project to CommonJS; import() of it then require()s the
  // very module being imported, a cycle Node refuses (ERR_REQUIRE_CYCLE_MODULE, tsx 4.23 on Node
  // 20.20). Required, it loads, and its own imports of lptf are require(esm), which tsx handles.
  if (loader.kind === 'tsx' && scope === 'commonjs') return createRequire(file)(file) as Record<string, unknown>;
  // lptf's own stripper, registered in this thread before its first user file.
  if (loader.kind === 'swc') registerTypeScript(loader.module);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    // Node's type stripping does not detect ES module syntax in a .ts file of a CommonJS project,
    // as it does for .js: a file written as a module is loaded as one.
    const registerHooks = (module as { registerHooks?: (hooks: { load: LoadHook }) => unknown }).registerHooks;
    if (loader.kind !== 'node' || scope !== 'commonjs' || !(err instanceof SyntaxError) || !registerHooks) throw err;
    const forced = `${url}?lptf-module`;
    registerHooks({
      load: (u, context, next) => next(u, u === forced ? { ...context, format: 'module-typescript' } : context),
    });
    return (await import(forced)) as Record<string, unknown>;
  }
}
