import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * What a thread or child process of lptf is started for. In the single-file build, every one of
 * them starts from that one file, which reads its role from `workerData.lptfRole` (a thread) or
 * `LPTF_ROLE` (a process).
 */
export type Role = 'load-worker' | 'bench-worker' | 'demo-server' | 'watchdog';

/**
 * The single-file build's own path when lptf runs as that file (its first line sets it), else
 * undefined: then every thread and child process starts from its own module.
 *
 * @example
 * ```ts
 * const entry = singleFile() ?? fileURLToPath(new URL('./server-process.js', import.meta.url))
 * ```
 */
export function singleFile(): string | undefined {
  return (globalThis as { __lptfSingleFile?: string }).__lptfSingleFile;
}

/**
 * Where the single-file build is, for `lptf k8s` to put in a ConfigMap: the file lptf runs as, or
 * the one built beside its modules (`dist/lptf.mjs`, which the package ships); undefined if neither.
 *
 * @example
 * ```ts
 * const file = singleFileBuild() // '/…/node_modules/lptf/dist/lptf.mjs'
 * ```
 */
export function singleFileBuild(): string | undefined {
  const packed = (globalThis as { __lptfPackedFile?: string }).__lptfPackedFile;
  if (packed) return packed;
  // Two levels above this file, in `src/core` and `dist/core` alike, is the package.
  const built = fileURLToPath(new URL('../../dist/lptf.mjs', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/**
 * Starts one of lptf's threads: from the single file with its `role` when lptf runs as that file;
 * else from `entry`, the thread's own module beside its caller (`.js` built, `.ts` from source).
 * Run from source (tsx, the tests), the thread registers tsx itself first: neither the main
 * thread's loader nor an inherited `--import tsx` reaches a worker's entry on Node 20 (tried).
 *
 * @example
 * ```ts
 * const worker = startThread('watchdog', new URL('./watchdog-thread.js', import.meta.url), { beat })
 * ```
 */
export function startThread(role: Role, entry: URL, workerData: object): Worker {
  const single = singleFile();
  if (single) return new Worker(single, { workerData: { ...workerData, lptfRole: role } });
  if (entry.pathname.endsWith('.ts'))
    return new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`,
      { eval: true, workerData },
    );
  return new Worker(entry, { workerData });
}
