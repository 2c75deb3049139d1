import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Makes a folder and those above it that are missing, as `mkdir -p` does. Node's own
 * `mkdir(dir, { recursive: true })` spins for ever where a parent exists but cannot hold a folder
 * (`/proc/nope`: the folder says ENOENT, its parent EEXIST, and it tries again; Node 20 and 24,
 * measured), which hung `lptf run -o /proc/nope` at 100% CPU; here each folder is made once and
 * the first that cannot be is the error.
 *
 * @example
 * ```ts
 * await makeFolder('results/run-1')
 * ```
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; ) {
    const s = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (s?.isDirectory()) break;
    if (s) throw Object.assign(new Error(`ENOTDIR: not a folder, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing.reverse())
    await mkdir(folder).catch(async (err: NodeJS.ErrnoException) => {
      // Another process made it in between: what was wanted.
      if (err.code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw err;
    });
}
