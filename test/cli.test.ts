// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { CLI, lptf } from './helpers/cli.js';
import { tempFile } from './helpers/plan.js';
import { closedPort, startTarget, type Target } from './helpers/target.js';
import { assertTargetChecksPass, assertTargetFailed } from './helpers/verdict.js';

const seedCase =
  '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}, {"key": "stock_market", "value": "hk"}]}';

describe('bad usage and bad input exit 2 before any traffic', () => {
  let target: Target;
  before(async () => (target = await startTarget({ delayMs: 1 })));
  after(() => target.close());

  test('an invalid URL', async () => {
    const r = await lptf(['run', 'localhost:8080', '-d', '1s']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /<url>: "localhost:8080" is not a valid URL/);
  });

  test('a malformed case line names file and line, and nothing is sent', async () => {
    const file = await tempFile('normal.jsonl', [seedCase, '{"type": 1, "slot_list": [', seedCase]);
    const r = await lptf(['run', target.url, '-d', '1s', '--cases', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not valid JSON`));
    assert.equal((await target.arrivals()).length, 0);
  });

  test('an empty cases file, a missing one, rate <= 0, a bad duration and an unknown check: all reported at once', async () => {
    const empty = await tempFile('empty.jsonl', []);
    const r = await lptf([
      'run',
      target.url,
      '--cases',
      empty,
      '--cases',
      'abnormal=/no/such.jsonl',
      '--rate',
      '0',
      '--duration',
      '30x',
      '--check',
      'speed > 3',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /5 problems found/);
    assert.match(r.stderr, /empty\.jsonl: no cases: the file is empty/);
    assert.match(r.stderr, /\/no\/such\.jsonl: cannot read the case file: no such file/);
    assert.match(r.stderr, /--rate: must be a rate in requests per second, > 0; got "0"/);
    assert.match(r.stderr, /--duration: "30x" is not a positive duration/);
    assert.match(r.stderr, /--check: unknown check "speed > 3"; accepted forms:/);
    assert.equal((await target.arrivals()).length, 0);
  });

  test('a negative rate and an unknown flag', async () => {
    assert.equal((await lptf(['run', target.url, '--rate', '-5'])).code, 2);
    const r = await lptf(['run', target.url, '--rat', '5']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--rat'/);
  });

  test('a config file problem names the file, line and field', async () => {
    const config = await tempFile('lptf.config.yaml', [
      'url: http://127.0.0.1:1/',
      'rate: 200',
      'duration: forever',
      'checks:',
      '  - "share(<=170ms) >= 95%"',
    ]);
    const r = await lptf(['run', '--config', config]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lptf\.config\.yaml:3 duration: "forever" is not a positive duration/);
  });

  test('--help exits 0 and documents the exit codes', async () => {
    const r = await lptf(['run', '--help']);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout.replace(/\s+/g, ' '),
      /Exit codes: 0 the target's checks pass, 1 a check failed \(or --abort-on-fail stopped the run\), 2 bad usage or input, 3 inconclusive \(.*\), 130 interrupted\./,
    );
  });
});

describe('runs', () => {
  let target: Target;
  before(async () => (target = await startTarget({ delayMs: 10 })));
  after(() => target.close());

  test('a passing run exits 0 and writes summary.json and report.md', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-out-'));
    const normal = await tempFile('normal.jsonl', [seedCase, seedCase.replace('00700', '00005')]);
    const abnormal = await tempFile('abnormal.jsonl', [seedCase.replace('00700', '99999')]);
    const r = await lptf([
      'run',
      `${target.url}?v=1&access_token=s3cr3t`,
      '-r',
      '50',
      '-d',
      '2s',
      '--check',
      'share(<=170ms) >= 95%',
      '--check',
      'share(>870ms) <= 1%',
      '--cases',
      `normal=${normal}`,
      '--cases',
      `abnormal=${abnormal}`,
      '-H',
      'Authorization: Bearer s3cret',
      '--out',
      out,
      '--lang',
      'en',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /processed within 170ms\s+100%\s+>= 95%\s+✔ pass/);
    const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    assert.equal(s.target.url, `${target.url}?v=1&access_token=[redacted]`);
    assert.equal(s.target.rate, 50);
    assert.equal(s.target.durationSec, 2);
    assert.deepEqual(
      [s.requests.scheduled, s.requests.completed, s.requests.failed, s.requests.dropped],
      [100, 100, 0, 0],
    );
    assert.ok(Math.abs(s.achievedRate - 50) < 1);
    for (const k of ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'])
      assert.equal(typeof s.latencyMs[k], 'number', k);
    assert.deepEqual(
      s.checks.map((c: { name: string; actual: number; expected: string; pass: boolean }) => [
        c.name,
        // The summary's achieved rate is rounded to 0.001/s; the check judges the exact figure.
        c.name.startsWith('delivered') ? Math.abs(c.actual - s.achievedRate / 50) < 1e-4 : c.actual,
        c.expected,
        c.pass,
      ]),
      [
        ['share(<=170ms) >= 95%', 1, '>= 95%', true],
        ['share(>870ms) <= 1%', 0, '<= 1%', true],
        // The run's own checks, measured: 50/s delivered, sent on time.
        ['delivered >= 95%', true, '>= 95%', true],
        // On a busy runner the generator may be late: the check says so and the verdict still passes.
        ['send_lateness_p99 <= 10ms', s.generator.latenessMs.p99, '<= 10ms', s.generator.latenessMs.p99 <= 10],
      ],
    );
    assert.equal(s.passed, true);
    assert.equal(s.groups.normal.requests.completed + s.groups.abnormal.requests.completed, 100);
    assert.equal(typeof s.groups.abnormal.latencyMs.p95, 'number');
    const md = await readFile(join(out, 'report.md'), 'utf8');
    for (const text of [r.stdout, r.stderr, JSON.stringify(s), md]) assert.doesNotMatch(text, /s3cre?t/);
    assert.match(md, /\| processed within 170ms\s+\|\s+100%\s+\|/);
    // On time, all four pass; late, the two of the target pass and the verdict says the generator was late.
    assert.match(
      md,
      s.generator.latenessMs.p99 <= 10
        ? /\*\*PASS: all 4 checks passed/
        : /\*\*PASS: all 2 checks of the target passed; the generator was late/,
    );
    assert.match(md, /## The run itself: planned load delivered, generator on time/);
  });

  test('--format writes more files; lptf report re-renders a saved run exactly', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-fmt-'));
    const r = await lptf([
      'run',
      target.url,
      '-r',
      '20',
      '-d',
      '1s',
      '-q',
      '--out',
      out,
      '--format',
      'junit',
      '--format',
      'csv',
      '--check',
      'p(50) <= 1ms',
    ]);
    assertTargetFailed(r, JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testcase classname="lptf.checks" name="p\(50\) &lt;= 1ms">\n\s+<failure message=".*ms, expected &lt;= 1ms"\/>/,
    );
    const csv = (await readFile(join(out, 'series.csv'), 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'second,sent,ok,failed,dropped,p50_ms,p95_ms,p99_ms,max_ms');
    assert.equal(
      csv.slice(1).reduce((n, row) => n + Number(row.split(',')[1]), 0),
      20,
    );
    const again = await lptf(['report', out]);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, r.stdout);
    const bad = await lptf(['report', out, '--format', 'pdf']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "pdf" for a load run; known: text, md, json, csv, junit, html/);
    const noOut = await lptf(['run', target.url, '-d', '1s', '--format', 'csv']);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--format: formats are files: give --out <dir> too/);
  });

  test('a failing check exits 1', async () => {
    const r = await lptf(['run', target.url, '-r', '20', '-d', '1s', '--check', 'p(50) <= 1ms', '-q']);
    assertTargetFailed(r);
    if (r.code === 1) assert.match(r.stdout, /FAIL: 1 of 3 checks failed \(p\(50\) <= 1ms\)/);
    else assert.match(r.stdout, /INCONCLUSIVE \(exit 3\): 1 check\(s\) of the target failed/);
    assert.equal(r.stderr, '');
  });

  test("an --out folder holding another run's results is refused before any traffic; --overwrite replaces them, and that run's other reports go", async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-reuse-'));
    const first = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-q', '-o', out, '--format', 'junit']);
    await assertTargetChecksPass(first, join(out, 'summary.json'));
    const before = await readFile(join(out, 'summary.json'), 'utf8');
    const again = await lptf(['run', target.url, '-r', '20', '-d', '1s', '-q', '-o', out, '--check', 'p(50) <= 1ms']);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /holds another run's results \(summary\.json started 20\d\d-.*\); give another folder, or --overwrite to replace them/,
    );
    assert.equal(await readFile(join(out, 'summary.json'), 'utf8'), before, 'the first run is kept whole');
    const replaced = await lptf([
      'run',
      target.url,
      '-r',
      '20',
      '-d',
      '1s',
      '-q',
      '-o',
      out,
      '--check',
      'p(50) <= 1ms',
      '--overwrite',
    ]);
    const replacedSummary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    assertTargetFailed(replaced, replacedSummary);
    assert.equal(replacedSummary.passed, false);
    // The first run's junit.xml (all passed) must not sit beside the failing run.
    await assert.rejects(readFile(join(out, 'junit.xml'), 'utf8'), /ENOENT/);
  });

  test('a dead target exits 1 and says it was down', async () => {
    const r = await lptf(['run', `http://127.0.0.1:${await closedPort()}/`, '-r', '20', '-d', '1s', '-q']);
    assertTargetFailed(r);
    assert.match(r.stdout, /The target was down: all 20 completed requests were refused/);
  });

  test('Ctrl-C stops, writes every output marked interrupted, and exits 130', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-int-'));
    const r = await lptf(['run', target.url, '-r', '50', '-d', '30s', '--out', out], { interruptAfterMs: 2500 });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /stopping; waiting up to 1s for requests in flight/);
    const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    assert.equal(s.interrupted, true);
    assert.ok(s.requests.completed > 20 && s.requests.completed < 200, `completed ${s.requests.completed}`);
    assert.match(await readFile(join(out, 'report.md'), 'utf8'), /INTERRUPTED after/);
  });

  test('SIGTERM does the same', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lptf-term-'));
    const r = await lptf(['run', target.url, '-r', '50', '-d', '30s', '-q', '--out', out], {
      interruptAfterMs: 1500,
      signal: 'SIGTERM',
    });
    assert.equal(r.code, 130);
    assert.equal(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).interrupted, true);
  });

  test('a config file holds the plan and flags override it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lptf-cfg-'));
    await writeFile(join(dir, 'normal.jsonl'), `${seedCase}\n`);
    await writeFile(
      join(dir, 'plan.yaml'),
      `url: ${target.url}\nrate: 10\nduration: 30s\ncases:\n  normal: normal.jsonl\nchecks:\n  - "error_rate <= 0%"\nout: results\n`,
    );
    const r = await lptf(['run', '--config', join(dir, 'plan.yaml'), '--duration', '1s', '-q']);
    await assertTargetChecksPass(r, join(dir, 'results', 'summary.json'));
    const s = JSON.parse(await readFile(join(dir, 'results', 'summary.json'), 'utf8'));
    assert.equal(s.requests.scheduled, 10);
    assert.equal(s.groups.normal.requests.ok, 10);
  });
});

describe('lptf demo', () => {
  test('--serve starts the backend alone until SIGTERM; the printed probe command works against it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lptf-serve-'));
    const child = spawn(process.execPath, [CLI, 'demo', '--serve'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const probeLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c;
        const m = /^ {2}lptf (widget probe .*)$/m.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void closed.then(() => reject(new Error(`lptf demo --serve exited: ${stdout}`)));
    });
    assert.match(stdout, /示例股票报价小程序后台在 http:\/\/127\.0\.0\.1:\d+\/widget/);
    const probe = await lptf(probeLine.split(' '));
    assert.equal(probe.code, 0, probe.stdout);
    assert.match(probe.stdout, /OK: the backend speaks the widget protocol/);
    child.kill('SIGTERM');
    assert.equal(await closed, 0);
    // The probe's event and its GET handshake.
    assert.match(stdout, /示例后台：收到 2 个请求/);
  });

  test('runs the widget self-test against the embedded backend and prints the table', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lptf-demo-'));
    const r = await lptf(['demo', '--duration', '3s'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /校验点\s+耗时比例\s+预期结果/);
    assert.match(r.stdout, /170ms内处理/);
    assert.match(r.stdout, /超过 870 ms处理/);
    assert.match(r.stdout, /示例后台：收到 600 个请求/);
    const s = JSON.parse(await readFile(join(cwd, 'lptf-demo', 'summary.json'), 'utf8'));
    assert.equal(s.requests.scheduled, 600);
    assert.deepEqual(Object.keys(s.groups).sort(), ['abnormal', 'normal']);
    // The demo speaks the encrypted widget protocol end to end: no protocol error, err_codes per group.
    assert.deepEqual(s.errors, {});
    // A correct backend passes every row of the form, with no reply tolerated as a warning.
    assert.equal(s.passed, true);
    assert.deepEqual([s.unexpected, s.replyWarnings, s.warnings], [{}, {}, []]);
    assert.deepEqual(
      s.checks.map((c: { name: string }) => c.name),
      [
        'share(<=170ms) >= 95%',
        'share(>870ms) <= 1%',
        'expected_rate >= 100%',
        'delivered >= 95%',
        'send_lateness_p99 <= 10ms',
      ],
    );
    assert.ok(s.groups.normal.errCodes['0'] > 500, JSON.stringify(s.groups.normal.errCodes));
    // The submission pack, beside the results: what the form asks for.
    const pack = await readFile(join(cwd, 'lptf-demo', 'pack', 'submission.md'), 'utf8');
    assert.match(
      pack,
      /## 自测用例[\s\S]*共 333 条用例[\s\S]*## 自测结果[\s\S]*## 压测本身：计划压力是否送达，发压是否准时[\s\S]*计划压力送达[\s\S]*## 压测时间 && 压测服务器/,
    );
    assert.ok(s.meta.machine.cores >= 1 && s.meta.timeZone.offset.length === 6, JSON.stringify(s.meta));
    assert.deepEqual(Object.keys(s.groups.abnormal.errCodes).sort(), ['-1', '-2']);
    assert.match(r.stdout, /各组的 err_code/);
    const normal = (await readFile(join(cwd, 'lptf-demo', 'cases', 'normal.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(new Set(normal).size, normal.length);
    assert.match(normal[0]!, /^\{"type": 1, "slot_list": \[\{"key": "stock_code", "value": "\d{5}"\}/);
  });
});

test('lptf compare names the run it cannot read and exits 2', async () => {
  const missing = join(tmpdir(), 'lptf-no-such-run');
  const run = await lptf(['compare', missing, missing]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`${join(missing, 'summary.json')}: no such file`));
  const bad = await lptf(['compare', missing, missing, '--format', 'pdf']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format.*pdf.*text, md, html/);
});

test('lptf compare --fail-on gates CI: exit 1 naming each broken rule, 0 when none breaks, 2 on a bad rule before reading', async () => {
  const { knownRun } = await import('../src/load/report/known-run.fixture.js');
  const dir = await mkdtemp(join(tmpdir(), 'lptf-fail-on-'));
  const a = await knownRun('en');
  // B: the p50 almost three times A's, as the issue saw (+177%), the rest the same.
  const b = { ...a, latencyMs: { ...a.latencyMs, p50: a.latencyMs.p50! * 2.77 } };
  await writeFile(join(dir, 'a.json'), JSON.stringify(a));
  await writeFile(join(dir, 'b.json'), JSON.stringify(b));
  const files = [join(dir, 'a.json'), join(dir, 'b.json')];
  const plain = await lptf(['compare', ...files]);
  assert.equal(plain.code, 0, plain.stderr);
  const gated = await lptf(['compare', ...files, '--fail-on', 'p50 > +10%', '--fail-on', 'p99 > +10%']);
  assert.equal(gated.code, 1);
  assert.equal(gated.stdout, plain.stdout);
  assert.match(gated.stderr, /lptf compare: 1 of 2 rule\(s\) broken: p50 \+177% \(fails on p50 > \+10%\)\n$/);
  const kept = await lptf(['compare', ...files, '--fail-on', 'p50 > +200%', '--fail-on', 'error_rate > +0.1pp']);
  assert.equal(kept.code, 0, kept.stderr);
  const bad = await lptf(['compare', join(dir, 'missing'), join(dir, 'missing'), '--fail-on', 'p50 > 10']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on "p50 > 10": not a rule; accepted forms/);
});

test('lptf report --lang re-renders a run in the other language, the same figures; other results refuse it', async () => {
  const { knownRun } = await import('../src/load/report/known-run.fixture.js');
  const dir = await mkdtemp(join(tmpdir(), 'lptf-report-lang-'));
  await writeFile(join(dir, 'summary.json'), JSON.stringify(await knownRun('zh')));
  const zh = await lptf(['report', dir]);
  const en = await lptf(['report', dir, '--lang', 'en']);
  assert.equal(en.code, 0, en.stderr);
  assert.match(zh.stdout, /自测结果\n校验点/);
  assert.match(en.stdout, /Self-test result\ncheck/);
  assert.match(en.stdout, /processed within 170ms\s+97\.23%\s+>= 95%/);
  const bad = await lptf(['report', dir, '--lang', 'fr']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lang.*fr.*zh, en/);
  const { PhaseTimer } = await import('../src/timing/phases/index.js');
  const phases = join(dir, 'phases.json');
  await writeFile(phases, JSON.stringify(new PhaseTimer({ name: 'x' }).start().end('y')));
  const other = await lptf(['report', phases, '--lang', 'zh']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /--lang: a .* is written in English only; --lang applies to load runs/);
});

test('lptf report re-renders a straight test saved as JSON, in its own formats', async () => {
  const { PhaseTimer } = await import('../src/timing/phases/index.js');
  const t = new PhaseTimer({ name: 'import' }).start();
  t.phaseEnd('read');
  const dir = await mkdtemp(join(tmpdir(), 'lptf-phases-cli-'));
  const file = join(dir, 'phases.json');
  await writeFile(file, JSON.stringify(t.end('write')));
  const text = await lptf(['report', file]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /lptf straight test: import[\s\S]*1\s+read[\s\S]*2\s+write/);
  const html = await lptf(['report', file, '--format', 'html', '--format', 'md', '--out', dir]);
  assert.equal(html.code, 0, html.stderr);
  assert.match(await readFile(join(dir, 'phases.html'), 'utf8'), /<svg class="phase-bars"/);
  assert.match(await readFile(join(dir, 'phases.md'), 'utf8'), /^# lptf straight test: import/);
  const bad = await lptf(['report', file, '--format', 'junit']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown format "junit" for a straight test; known: json, text, md, html/);
});
