import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { typescriptStripper } from './typescript-hooks.js';

/**
 * How a user's file's TypeScript (a bench file, a load file) gets loaded: by tsx where the user's
 * project has it (or lptf's own when it runs from its repository), else by lptf's own stripper
 * (`swc`: `@swc/wasm-typescript`, Node's own, on every Node lptf supports, with nothing to add),
 * else by Node itself (type stripping, on by default from Node 22.18 and 23.6: the single file,
 * which holds no stripper), or not at all (a JavaScript file).
 *
 * @example
 * ```ts
 * const loader = typescriptLoader('/abs/loops.bench.ts') // { kind: 'tsx', hook: 'file:///…/tsx/dist/loader.mjs', apis: […] }
 * ```
 */
export type TypeScriptLoader =
  | { readonly kind: 'none' }
  | { readonly kind: 'node' }
  /** `module`: where the stripper is, as lptf resolves it. */
  | { readonly kind: 'swc'; readonly module: string }
  /**
   * `hook`: tsx's entry for `--import` (a child process); `apis`: its ESM and CommonJS register
   * APIs, each module's `register()` called first in a worker thread.
   */
  | { readonly kind: 'tsx'; readonly hook: string; readonly apis: readonly string[] };

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** tsx as the file's own project resolves it, else as lptf's (a dev dependency); undefined if neither has it. */
function findTsx(file: string): { hook: string; apis: string[] } | undefined {
  for (const from of [file, import.meta.url]) {
    try {
      const require = createRequire(from);
      const pkg = require.resolve('tsx/package.json');
      // The APIs as `import` resolves them (their `require` builds do not register ESM hooks in a worker, tried).
      const { exports } = JSON.parse(readFileSync(pkg, 'utf8')) as {
        exports: Record<string, { import: { default: string } }>;
      };
      const api = (sub: string): string => new URL(exports[sub]?.import.default ?? '', pathToFileURL(pkg)).href;
      return { hook: pathToFileURL(require.resolve('tsx')).href, apis: [api('./esm/api'), api('./cjs/api')] };
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** Whether this Node strips types by itself (`process.features.typescript`, Node ≥ 22.10, on by default from 22.18). */
function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}

/**
 * The loader for one user's file, or a message that says what to install when the running Node
 * cannot load it (a TypeScript file, no tsx, a Node without type stripping).
 *
 * @example
 * ```ts
 * const loader = typescriptLoader(file)
 * if (typeof loader === 'string') fail(loader)
 * ```
 */
export function typescriptLoader(file: string): TypeScriptLoader | string {
  const isTypeScript = TYPESCRIPT.has(extname(file).toLowerCase());
  // lptf's own worker is TypeScript too when lptf runs from its sources.
  const fromSource = import.meta.url.endsWith('.ts');
  if (!isTypeScript && !fromSource) return { kind: 'none' };
  const tsx = findTsx(file);
  if (tsx) return { kind: 'tsx', ...tsx };
  const swc = fromSource ? undefined : typescriptStripper();
  if (swc) return { kind: 'swc', module: swc };
  if (nodeStripsTypes() && !fromSource) return { kind: 'node' };
  // Only the single file, which holds no stripper, on a Node that strips no types gets here.
  return `${file}: Node ${process.version} cannot load TypeScript by itself (Node >= 22.18 can), and the single file holds no stripper: install lptf from npm (npm install lptf), run a newer Node, or write the file in JavaScript (.mjs)`;
}
