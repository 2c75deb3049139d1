const modules: string[] = [];

/**
 * Records a module that registers plug-ins (protocols, presets, formats) when it is imported, so
 * that a worker thread, which starts with fresh registries, can import it too before it resolves
 * a plan.
 *
 * @example
 * ```ts
 * addSetupModule(import.meta.url) // in src/builtins.ts
 * ```
 */
export function addSetupModule(url: string): void {
  if (!modules.includes(url)) modules.push(url);
}

/**
 * The modules to import, in order, to register what this thread has registered.
 *
 * @example
 * ```ts
 * for (const url of setupModules()) await import(url)
 * ```
 */
export function setupModules(): readonly string[] {
  return modules;
}
