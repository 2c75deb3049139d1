import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { type CheckResult, isRunCheck } from '../../src/core/checks/index.js';
import type { CliRun } from './cli.js';

/**
 * Asserts that a load run passed every check on the target's answers. The run's own checks
 * (`delivered`, `send_lateness_p99`) may fail: on two cores shared with a busy loop, a worker
 * thread's first sends were measured 12 ms late at 40/s, and lptf then rightly exits 1. A test
 * whose subject is not the generator's punctuality accepts that, and nothing else.
 *
 * @param summaryFile the run's `summary.json`, read to tell which checks failed when it exits 1
 */
export async function assertTargetChecksPass(run: CliRun, summaryFile: string): Promise<void> {
  if (run.code === 0) return;
  assert.equal(run.code, 1, `exit ${run.code}\n${run.stderr}\n${run.stdout}`);
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as { checks: CheckResult[] };
  const failed = summary.checks.filter((c) => !c.pass);
  assert.ok(failed.length > 0, 'exit 1 with every check passed');
  assert.deepEqual(
    failed.filter((c) => !isRunCheck(c)).map((c) => c.name),
    [],
    'checks on the target failed',
  );
}
