import { readFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';

/**
 * The hooks that load a user's TypeScript with lptf's own stripper, in their own module (Node runs
 * module hooks apart from the user's code, so they are a text). A `.ts` file is stripped of its
 * types where it is (positions kept, so stack traces point at the user's lines) or, for what
 * stripping cannot do (an enum, a namespace), transformed; it is an ES module if its extension or
 * its package says so, or if it is written as one (a load file of an `npm init -y` project,
 * or of a folder with no package.json), else CommonJS: no module-type warning either way.
 */
const HOOKS = `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
let swc;
export function initialize(data) { swc = createRequire(data.from)(data.swc); }
function scope(file) {
  const ext = extname(file).toLowerCase();
  if (ext === '.mts') return 'module';
  if (ext === '.cts') return 'commonjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try { return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module' ? 'module' : undefined; }
    catch { if (dirname(dir) === dir) return undefined; }
  }
}
function strip(source, filename, mode) {
  try { return swc.transformSync(source, { mode, filename, sourceMap: false }).code; }
  catch (e) {
    if (e && e.code === 'UnsupportedSyntax' && mode === 'strip-only') return strip(source, filename, 'transform');
    if (e && typeof e.message === 'string' && e.startLine !== undefined)
      throw new SyntaxError(filename + ':' + e.startLine + ':' + (e.startColumn + 1) + ': ' + e.message + '\\n' + (e.snippet || ''));
    throw e;
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !/\\.[mc]?ts$/i.test(url.split('?')[0])) return next(url, context);
  const file = fileURLToPath(url.split('?')[0]);
  const code = strip(readFileSync(file, 'utf8'), file, 'strip-only');
  const format = scope(file) ?? (/^\\s*(import|export)\\b/m.test(code) ? 'module' : 'commonjs');
  // On Node 20 CommonJS is left to CommonJS's own loader (its .ts handler is lptf's, see
  // registerTypeScript): Node 20 runs a CommonJS source handed back here without its module
  // object. Later Nodes run it, and no longer ask that handler.
  if (format === 'commonjs' && Number(process.versions.node.split('.')[0]) < 22) return { format, shortCircuit: true };
  return { format, source: code + '\\n//# sourceURL=' + url, shortCircuit: true };
}
`;

let registered = false;

/**
 * Registers lptf's TypeScript hooks in this thread, once (each thread that imports a user's file
 * calls it: the CLI's, a load worker, a bench worker). `swc`: where `@swc/wasm-typescript` is,
 * Node's own stripper (what amaro wraps), as lptf resolves it.
 *
 * @example
 * ```ts
 * registerTypeScript(require.resolve('@swc/wasm-typescript')); await import(userFileUrl)
 * ```
 */
export function registerTypeScript(swc: string): void {
  if (registered) return;
  registered = true;
  module.register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, {
    data: { swc, from: import.meta.url },
  });
  // A CommonJS .ts file (and what it require()s) loads through CommonJS's handler of its extension.
  const cjs = module as unknown as { _extensions: Record<string, (m: CommonJsModule, filename: string) => void> };
  let stripper: Stripper | undefined;
  const compile = (m: CommonJsModule, filename: string): void => {
    stripper ??= createRequire(import.meta.url)(swc) as Stripper;
    m._compile(stripTypes(stripper, readFileSync(filename, 'utf8'), filename), filename);
  };
  cjs._extensions['.ts'] = compile;
  cjs._extensions['.cts'] = compile;
}

interface CommonJsModule {
  _compile(code: string, filename: string): void;
}

interface Stripper {
  transformSync(source: string, options: { mode: 'strip-only' | 'transform'; filename: string }): { code: string };
}

/**
 * A TypeScript source without its types: stripped where it stands (positions kept), or
 * transformed where stripping cannot do (an enum, a namespace); a syntax error as a SyntaxError
 * that names the file, line and column. (The hooks above do the same in their own thread.)
 */
function stripTypes(
  swc: Stripper,
  source: string,
  filename: string,
  mode: 'strip-only' | 'transform' = 'strip-only',
): string {
  try {
    return swc.transformSync(source, { mode, filename }).code;
  } catch (err) {
    const e = err as { code?: string; message?: string; startLine?: number; startColumn?: number; snippet?: string };
    if (e.code === 'UnsupportedSyntax' && mode === 'strip-only') return stripTypes(swc, source, filename, 'transform');
    if (typeof e.message === 'string' && e.startLine !== undefined)
      throw new SyntaxError(`${filename}:${e.startLine}:${(e.startColumn ?? 0) + 1}: ${e.message}\n${e.snippet ?? ''}`);
    throw err;
  }
}

/** Where lptf's TypeScript stripper is, as lptf resolves it; undefined where it is not (the single file). */
export function typescriptStripper(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@swc/wasm-typescript');
  } catch {
    return undefined;
  }
}
