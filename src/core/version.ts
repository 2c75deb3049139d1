import { packageFile } from './package-files.js';

/**
 * lptf's name and version, read from its package.json (one level above both `src/` and `dist/`).
 *
 * @example
 * ```ts
 * TOOL.version // '0.1.0'
 * ```
 */
export const TOOL: { readonly name: string; readonly version: string } = (() => {
  const pkg = JSON.parse(packageFile('package.json')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
})();
