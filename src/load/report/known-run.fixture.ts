import '../../builtins.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareBounds } from '../../core/checks/index.js';
import { Recorder } from '../../core/recorder/index.js';
import { resolvePlan } from '../plan/index.js';
import { buildResult, type RunResult } from '../result/index.js';

/** A string that would run if any reporter forgot to escape it. */
export const HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

async function caseFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'lptf-report-')), 'normal.jsonl');
  await writeFile(path, '{"type": 1, "slot_list": []}\n');
  return path;
}

/**
 * A run with known figures: 982 answers in 20 ms, 11 in 500 ms, 7 in 900 ms (normal), and 10
 * refused (abnormal). With `hostile`, also 12 `http_500` answers spread over the run and one
 * OK answer, in a group named {@link HOSTILE}; the examples and the command line carry it too.
 * For report tests only.
 *
 * @example
 * ```ts
 * const result = await knownRun('en') // or { stalledLoop: true }: a generator-limited run
 * ```
 */
export async function knownRun(
  lang: 'zh' | 'en',
  options: { hostile?: boolean; stalledLoop?: boolean } = {},
): Promise<RunResult> {
  const { plan } = await resolvePlan([
    {
      url: { value: 'http://127.0.0.1:8080/widget?token=[redacted]', where: 'test' },
      preset: { value: 'wechat-widget', where: 'test' },
      plain: { value: true, where: 'test' },
      cases: { value: [await caseFile()], where: 'test' },
      duration: { value: '5s', where: 'test' },
      seed: { value: 7, where: 'test' },
      lang: { value: lang, where: 'test' },
    },
  ]);
  const rec = new Recorder(shareBounds([...plan.checks, ...plan.info]));
  let t = 0;
  let n = 0;
  const ok = (ms: number): void => {
    if (options.hostile && n++ % 84 === 0) {
      rec.onDue(HOSTILE, 0.5);
      rec.onSent(HOSTILE, t);
      rec.onFailed(HOSTILE, 'http_500', t + 3, 500, { example: `HTTP 500: ${HOSTILE}` });
      if (n === 1) {
        rec.onDue(HOSTILE, 0.5);
        rec.onSent(HOSTILE, t);
        rec.onOk(HOSTILE, 15, 14, 200, t + 15);
      }
    }
    rec.onDue('normal', 0.25);
    rec.onSent('normal', t);
    rec.onOk('normal', ms, ms - 0.5, 200, t + ms);
    t += 5;
  };
  for (let i = 0; i < 982; i++) ok(20);
  for (let i = 0; i < 11; i++) ok(500);
  for (let i = 0; i < 7; i++) ok(900);
  for (let i = 0; i < 10; i++) {
    rec.onDue('abnormal', 0.5);
    rec.onSent('abnormal', t);
    rec.onFailed('abnormal', 'refused', t);
  }
  rec.series.flush(5100);
  const result = buildResult({
    plan,
    caseGroups: [],
    recorder: rec,
    timing: {
      startMs: 0,
      startedAt: new Date(Date.UTC(2026, 10, 22, 8)),
      scheduleMs: 5000,
      sendWindowMs: 5000,
      totalMs: 5100,
      interrupted: false,
    },
    usage: {
      cpuUserMs: 400,
      cpuSystemMs: 100,
      maxRssMB: 64,
      eventLoopDelayMs: options.stalledLoop ? { p50: 0.1, p99: 45, max: 80 } : { p50: 0.1, p99: 1.2, max: 3 },
    },
    warnings: ["normal: 2 duplicate case(s); repeats may hit the service's cache"],
    tool: { name: 'lptf', version: '0.0.0-test' },
    command: `lptf run http://127.0.0.1:8080/widget --preset wechat-widget${options.hostile ? ` --header 'X-Note: ${HOSTILE}'` : ''}`,
  });
  return { ...result, meta: { ...result.meta, node: 'v0.0.0', platform: 'linux', arch: 'x64', cpus: 2 } };
}
