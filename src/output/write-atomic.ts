import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a file whole or not at all: into a temporary file beside it, then renamed over it, so a
 * full disk or a kill mid-write never leaves a truncated report where a complete one is expected.
 *
 * @example
 * ```ts
 * await writeFileAtomic('out/summary.json', text)
 * ```
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
