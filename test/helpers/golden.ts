import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Compares output with its golden file (`UPDATE_GOLDEN=1` writes it instead).
 *
 * @example
 * ```ts
 * await golden(new URL('./golden/report.md', import.meta.url), markdownReport(result))
 * ```
 */
export async function golden(file: URL, actual: string): Promise<void> {
  if (process.env['UPDATE_GOLDEN']) await writeFile(file, actual);
  assert.equal(
    actual,
    await readFile(file, 'utf8'),
    `${file.pathname} differs from its golden file (UPDATE_GOLDEN=1 to accept)`,
  );
}
