import { InvalidInputError } from '../errors/index.js';
import { exitGuard } from './exit-guard.js';
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
  // Its code runs now: a process.exit() in it, or a top-level await that never settles (Node exits
  // 13), is bad input said as such, never the exit code the file chose (0 would pass a CI job).
  const release = exitGuard(
    (called) =>
      called === undefined
        ? `${file} never finished loading: a top-level await in it never settles; nothing was run`
        : `${file} called process.exit(${called}) while it loaded; nothing was run`,
    2,
  );
  try {
    return await importUserFile(file, loader);
  } finally {
    release();
  }
}
