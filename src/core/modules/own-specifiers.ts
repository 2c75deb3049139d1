import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { packageFile } from '../package-files.js';
import { singleFile } from '../single-file.js';

/** lptf's public entries as a user's file imports them, and where each lives from the package's root folder (src or dist). */
const ENTRIES: Readonly<Record<string, string>> = {
  lptf: 'index',
  'lptf/load': 'load/script/load-test',
  'lptf/widget': 'widget/protocol/use-widget',
  'lptf/timing': 'timing/index',
  'lptf/bench': 'bench/index',
};

/**
 * What a load file imports at run time from the single-file build, which cannot import itself
 * (its top level is still running): `lptf/load` and `lptf/widget` hold no code but their own
 * (types apart), and their brand is a `Symbol.for`, so a copy of each, held in the build, is the same.
 */
const IN_SINGLE_FILE: Readonly<Record<string, string>> = {
  'lptf/load': 'public/load.mjs',
  'lptf/widget': 'public/widget.mjs',
};

// The hooks, in their own module (Node runs them apart from the user's code): a map of specifiers.
const HOOKS = `let map = {};
export function initialize(data) { map = data.map; }
export async function resolve(specifier, context, next) {
  const url = map[specifier];
  return url ? { url, shortCircuit: true } : next(specifier, context);
}
`;

let registered = false;

/**
 * Where `lptf` and its subpaths resolve for the files lptf loads: to the running lptf itself,
 * whatever the file's folder holds (an empty folder, a project with another lptf, a pod with
 * only the single file), so a load file's `loadTest` is the one of the lptf that runs it.
 *
 * @example
 * ```ts
 * ownSpecifiers()['lptf/load'] // 'file:///…/dist/load/script/load-test.js'
 * ```
 */
export function ownSpecifiers(): Record<string, string> {
  if (singleFile())
    return Object.fromEntries(
      Object.entries(IN_SINGLE_FILE).map(([s, file]) => [
        s,
        `data:text/javascript;base64,${Buffer.from(packageFile(file)).toString('base64')}`,
      ]),
    );
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return Object.fromEntries(
    Object.entries(ENTRIES).map(([s, path]) => [s, new URL(`../../${path}.${ext}`, import.meta.url).href]),
  );
}

/**
 * Makes `import … from 'lptf/…'` and `require('lptf/…')` in a user's file resolve to the running
 * lptf (see {@link ownSpecifiers}), once per thread, before the first user file is imported.
 * `import` goes through the module hooks; `require` through CommonJS's own resolution.
 *
 * @example
 * ```ts
 * resolveOwnSpecifiers(); await import(userFileUrl)
 * ```
 */
export function resolveOwnSpecifiers(): void {
  if (registered) return;
  registered = true;
  const map = ownSpecifiers();
  module.register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { map } });
  // The single file's entries are data: URLs, which require() cannot load: import them.
  if (singleFile()) return;
  // CommonJS resolves by Module._resolveFilename, on every Node the one seam that every require()
  // passes (what module-alias and tsconfig-paths use too): Node 20's hooks see only import, and a
  // later Node's synchronous hooks miss the require() of a CommonJS file the async hooks loaded.
  const cjs = module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = cjs._resolveFilename;
  const paths = Object.fromEntries(Object.entries(map).map(([s, url]) => [s, fileURLToPath(url)]));
  cjs._resolveFilename = function resolveOwn(this: unknown, request: string, ...rest: unknown[]): string {
    return paths[request] ?? original.call(this, request, ...rest);
  };
}
