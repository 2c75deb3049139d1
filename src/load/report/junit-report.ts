import type { CheckResult } from '../../core/checks/index.js';
import { formatThreshold, isRunCheck } from '../../core/checks/index.js';
import type { RunResult } from '../result/index.js';

const xml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

/**
 * The messages of the test cases, and the names of the run's own two, in the run's language (the
 * checks' cases are named by the checks as written).
 */
const JUNIT_WORDS = {
  en: {
    nothing: 'nothing measured',
    warning: (actual: string, expected: string) =>
      `warning: ${actual}, expected ${expected}; every check of the target passed`,
    failure: (actual: string, expected: string) => `${actual}, expected ${expected}`,
    info: (actual: string) => `for information: ${actual}`,
    interrupted: (sec: number) => `interrupted after ${sec}s`,
    behind: (reasons: string[]) => `generator-limited: ${reasons.join('; ')}`,
    completed: 'run completed',
    keptUp: 'load generator kept up',
  },
  zh: {
    nothing: '没有测到数据',
    warning: (actual: string, expected: string) => `警告：${actual}，预期 ${expected}；目标服务的校验点全部通过`,
    failure: (actual: string, expected: string) => `${actual}，预期 ${expected}`,
    info: (actual: string) => `仅供参考：${actual}`,
    interrupted: (sec: number) => `运行 ${sec} 秒后被中断`,
    behind: (reasons: string[]) => `受限于发压端：${reasons.join('；')}`,
    completed: '运行完成',
    keptUp: '发压端跟上了计划',
  },
} as const;

/**
 * Renders a run as JUnit XML for CI: each acceptance check is a test case (a failed check is a
 * failure with its measured value), informational checks are skipped cases, and an interrupted
 * run is an error, so any CI that reads JUnit shows the verdict per check.
 *
 * @example
 * ```ts
 * await writeFile('junit.xml', junitReport(result))
 * ```
 */
export function junitReport(result: RunResult): string {
  const w = JUNIT_WORDS[result.meta.lang];
  const actual = (c: CheckResult): string => (c.actual === null ? w.nothing : formatThreshold(c.actual, c.unit));
  // A run that passed with its generator late: lateness is a warning beside the pass, not a failure.
  const warning = (c: CheckResult): boolean => !c.pass && result.passed && isRunCheck(c);
  const cases = [
    ...result.checks.map((c) =>
      c.pass
        ? `    <testcase classname="lptf.checks" name="${xml(c.name)}"/>`
        : warning(c)
          ? `    <testcase classname="lptf.checks" name="${xml(c.name)}">\n      <skipped message="${xml(w.warning(actual(c), c.expected))}"/>\n    </testcase>`
          : `    <testcase classname="lptf.checks" name="${xml(c.name)}">\n      <failure message="${xml(w.failure(actual(c), c.expected))}"/>\n    </testcase>`,
    ),
    ...result.info.map(
      (c) =>
        `    <testcase classname="lptf.info" name="${xml(c.name)}">\n      <skipped message="${xml(w.info(actual(c)))}"/>\n    </testcase>`,
    ),
  ];
  const failures = result.checks.filter((c) => !c.pass && !warning(c)).length;
  const g = result.generator;
  const behind = g.behind && !result.passed;
  const errors = (result.interrupted ? 1 : 0) + (behind ? 1 : 0);
  if (result.interrupted)
    cases.push(
      `    <testcase classname="lptf.run" name="${w.completed}">\n      <error message="${xml(w.interrupted(result.elapsedSec))}"/>\n    </testcase>`,
    );
  // The figures are the generator's limit as much as the target's: an error, not a pass.
  if (behind)
    cases.push(
      `    <testcase classname="lptf.run" name="${w.keptUp}">\n      <error message="${xml(w.behind(g.reasons.map((r) => r[result.meta.lang])))}"/>\n    </testcase>`,
    );
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lptf" tests="${tests}" failures="${failures}" errors="${errors}" time="${result.totalSec}">`,
    `  <testsuite name="${xml(`${result.target.method} ${result.target.url}`)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${result.info.length + result.checks.filter(warning).length}" time="${result.totalSec}" timestamp="${result.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
