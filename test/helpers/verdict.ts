import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { type CheckResult, isRunCheck } from '../../src/core/checks/index.js';
import type { CliRun } from './cli.js';

/**
 * Asserts that a load run passed every check on the target's answers. A late generator beside
 * passing checks is a warning (exit 0); a plan not delivered is inconclusive (exit 3): on two
 * cores shared with a busy loop, a worker thread's first sends were measured 12 ms late at 40/s.
 * A test whose subject is not the generator accepts exit 3 when no check of the target failed,
 * and nothing else.
 *
 * @param summaryFile the run's `summary.json`, read to tell which checks failed when it exits 3
 */
export async function assertTargetChecksPass(run: CliRun, summaryFile: string): Promise<void> {
  if (run.code === 0) return;
  assert.equal(run.code, 3, `exit ${run.code}\n${run.stderr}\n${run.stdout}`);
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as { checks: CheckResult[] };
  assert.deepEqual(
    summary.checks.filter((c) => !c.pass && !isRunCheck(c)).map((c) => c.name),
    [],
    'checks on the target failed',
  );
}
