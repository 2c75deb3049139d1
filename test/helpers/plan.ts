import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/builtins.js';
import { type PlanInput, type ResolvedPlan, resolvePlan } from '../../src/load/plan/index.js';

/**
 * Resolves a plan from plain values, as if given as flags.
 *
 * @example
 * ```ts
 * const resolved = await planOf({ url: target.url, rate: 100, duration: '2s' })
 * ```
 */
export function planOf(values: Record<string, unknown>): Promise<ResolvedPlan> {
  const layer: PlanInput = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, { value: v, where: `--${k}` }]),
  );
  return resolvePlan([layer]);
}

/**
 * Writes lines to a fresh temporary file and returns its path.
 *
 * @example
 * ```ts
 * const file = await tempFile('cases.jsonl', ['{"d": 10}'])
 * ```
 */
export async function tempFile(name: string, lines: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-test-'));
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + (lines.length ? '\n' : ''));
  return path;
}
