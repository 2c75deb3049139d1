import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/builtins.js';
import { InvalidInputError } from '../../src/core/errors/index.js';
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
  return resolvePlan([flags(values)]);
}

/**
 * A plan layer of plain values, each sourced as the flag of its field's name (`--rate`).
 *
 * @example
 * ```ts
 * flags({ rate: 0 }).rate // { value: 0, where: '--rate' }
 * ```
 */
export function flags(values: Record<string, unknown>): PlanInput {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, where: `--${k}` }]));
}

/**
 * The problems a resolver finds in layers, as `where: message` lines; fails the test if it finds none
 * or throws anything but an `InvalidInputError` with exit code 2.
 *
 * @example
 * ```ts
 * await problemsOf(resolvePlan, [flags({ rate: 0 })]) // ['--rate: must be …']
 * ```
 */
export async function problemsOf(
  resolve: (layers: PlanInput[]) => Promise<unknown>,
  layers: PlanInput[],
): Promise<string[]> {
  try {
    await resolve(layers);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, String(err));
    assert.equal(err.exitCode, 2);
    return err.problems.map((p) => `${p.where}: ${p.message}`);
  }
  assert.fail('expected the plan to be invalid');
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
