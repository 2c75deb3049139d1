import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckResult, isRunCheck } from '../../src/core/checks/index.js';
import type { RunResult } from '../../src/load/result/index.js';
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

/**
 * The verdict line of a run lptf judged inconclusive for its own generator (a check of the target
 * failed while it fell behind, or the plan was not delivered), as a report prints it in English.
 */
export const INCONCLUSIVE_FOR_GENERATOR =
  /^INCONCLUSIVE \(exit 3\): (\d+ check\(s\) of the target failed while the generator fell behind|every check of the target passed, but the plan was not delivered)/m;

/** A verdict's exit code. */
const EXIT_OF = { pass: 0, fail: 1, inconclusive: 3 } as const;

/**
 * Asserts that a load run exited with its verdict, and that a verdict of inconclusive came from its
 * own generator falling behind (the run's `delivered` or `send_lateness_p99` check failed, or its
 * generator was behind), nothing else. The loose lane of `npm test` runs beside the timed one at
 * idle priority (scripts/run-tests.mjs): there a 1 s run's 20 sends can be late, and a run that judges its
 * target then cannot blame it. A test whose subject is not the generator accepts that.
 *
 * @param summary the run's `summary.json` when it wrote one; else its printed report (in English) is read
 */
export function assertExitIsVerdict(run: CliRun, summary?: RunResult): void {
  const how = `exit ${run.code}\n${run.stderr}\n${run.stdout}`;
  if (!summary) {
    const line = /^(PASS|FAIL|INCONCLUSIVE \(exit 3\)): .*$/m.exec(run.stdout);
    assert.ok(line, `no verdict printed\n${how}`);
    const verdict = line[1] === 'PASS' ? 'pass' : line[1] === 'FAIL' ? 'fail' : 'inconclusive';
    assert.equal(run.code, EXIT_OF[verdict], how);
    if (verdict === 'inconclusive') assert.match(line[0], /generator|not delivered/, how);
    return;
  }
  assert.ok(summary.verdict, `summary.json has no verdict\n${how}`);
  assert.equal(run.code, EXIT_OF[summary.verdict], how);
  if (summary.verdict === 'inconclusive')
    assert.ok(
      summary.generator.behind || summary.checks.some((c) => isRunCheck(c) && !c.pass),
      `inconclusive, yet its generator kept up and its plan was delivered\n${how}`,
    );
}

/**
 * Asserts that a load run failed a check on the target's answers, and exited with its verdict: 1,
 * or 3 where its generator fell behind (see {@link assertExitIsVerdict}).
 *
 * @param summary the run's `summary.json` when it wrote one; else its printed report (in English) is read
 */
export function assertTargetFailed(run: CliRun, summary?: RunResult): void {
  assert.ok(run.code === 1 || run.code === 3, `exit ${run.code}\n${run.stderr}\n${run.stdout}`);
  assertExitIsVerdict(run, summary);
  if (summary)
    assert.ok(
      summary.checks.some((c) => !c.pass && !isRunCheck(c)),
      'no check of the target failed',
    );
  else assert.match(run.stdout, /^(FAIL: |INCONCLUSIVE \(exit 3\): \d+ check\(s\) of the target failed)/m);
}

/** A run's `summary.json` in `dir`, as written. */
export async function readSummary(dir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunResult;
}
