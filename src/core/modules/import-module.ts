import { InvalidInputError } from '../errors/index.js';
import { importUserFile } from './import-user-file.js';
import { resolveOwnSpecifiers } from './own-specifiers.js';
import { typescriptLoader } from './typescript-loader.js';

/** The tsx register APIs already called in this thread: each once. */
const registered = new Set<string>();

/**
 * Imports a user's module into this thread (a load file: the main thread and every worker
 * import it), registering tsx here first when the file needs it. A file the running Node cannot
 * load is refused with what to install, as bad input.
 *
 * @example
 * ```ts
 * const exports = await importUserModule('/abs/checkout.load.ts')
 * ```
 */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const loader = typescriptLoader(file);
  if (typeof loader === 'string')
    throw new InvalidInputError([{ where: file, message: loader.replace(`${file}: `, '') }]);
  resolveOwnSpecifiers();
  if (loader.kind === 'tsx')
    for (const api of loader.apis) {
      if (registered.has(api)) continue;
      registered.add(api);
      ((await import(api)) as { register: () => unknown }).register();
    }
  return importUserFile(file, loader);
}
