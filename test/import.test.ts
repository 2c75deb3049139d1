// test-lane: untimed
// Another tool's results rendered as lptf's own run: JMeter's CSV and XML (.jtl) and ab's -g file,
// written by test/helpers/foreign-results.ts from a known list of requests, so every figure the
// report states is known exactly.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { abGnuplot, jmeterCsv, jmeterXml, type PlannedSample, plannedSamples } from './helpers/foreign-results.js';

let dir: string;
let samples: PlannedSample[];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lptf-import-'));
  samples = plannedSamples(60);
});

/** The self-test's two shares of a list of requests, counted as lptf counts them: a failure is in no bound and over every one. */
function shares(list: readonly PlannedSample[]): { within170: number; over870: number } {
  const n = list.length;
  return {
    within170: list.filter((s) => s.ok && s.elapsedMs <= 170).length / n,
    over870: list.filter((s) => !s.ok || s.elapsedMs > 870).length / n,
  };
}

/** A file's result as lptf reports it; `code`: the exit code its verdict gives (0 pass, 1 fail). */
async function summaryOf(file: string, extra: string[] = [], code = 1): Promise<RunResult> {
  const r = await lptf(['report', file, '--format', 'json', ...extra]);
  assert.equal(r.code, code, r.stderr);
  return JSON.parse(r.stdout);
}

describe('lptf report of another tool', () => {
  test("a JMeter .jtl of a 200/s run (JMeter's CSV columns) is the self-test form's table, with the right shares", async () => {
    const file = join(dir, 'results.jtl');
    await writeFile(file, jmeterCsv(samples));
    const want = shares(samples);
    const s = await summaryOf(file);
    assert.equal(s.requests.sent, samples.length, 'every sampler line, and not the transaction line');
    assert.equal(s.requests.ok, samples.filter((x) => x.ok).length);
    assert.deepEqual(s.errors, {
      http_503: samples.filter((x) => x.code === '503').length,
      timeout: samples.filter((x) => x.code.includes('Timeout')).length,
    });
    assert.ok(
      Math.abs(Number(s.shares['<=170ms']) - want.within170) < 1e-3,
      `${s.shares['<=170ms']} against ${want.within170}`,
    );
    assert.ok(
      Math.abs(Number(s.shares['>870ms']) - want.over870) < 1e-3,
      `${s.shares['>870ms']} against ${want.over870}`,
    );
    assert.ok(Math.abs(s.achievedRate - 200) < 0.5, String(s.achievedRate));
    assert.deepEqual(Object.keys(s.groups).sort(), ['abnormal', 'normal']);
    assert.equal(s.groups.abnormal?.requests.sent, samples.filter((x) => x.label === 'abnormal').length);
    assert.deepEqual(s.imported, { tool: 'JMeter', file: 'results.jtl', selfTest: true });
    assert.ok(s.series.length === 60 || s.series.length === 61, 'a second a second, and the last answers');
    // The form's table, in Chinese, as the seed shows it; and the one line on how JMeter timed.
    const zh = await lptf(['report', file, '--lang', 'zh']);
    // Judged here: the form's row failed, and the exit code says so, for a CI job to gate on.
    assert.equal(zh.code, 1, zh.stderr);
    const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
    assert.match(zh.stdout, /^自测结果$/m);
    assert.match(
      zh.stdout,
      new RegExp(`170ms内处理\\s+${pct(want.within170).replace('.', '\\.')}\\s+>= 95%\\s+✘ 未通过`),
    );
    assert.match(zh.stdout, /从请求实际发出时计时.*协调遗漏/);
    assert.match(zh.stdout, /略去了 1 个事务控制器样本/);
    assert.doesNotMatch(zh.stdout, /发压端/, 'no figures of a generator that did not run');
    const en = await lptf(['report', file, '--lang', 'en']);
    assert.match(en.stdout, /Latency of OK answers: from the actual send/);
    assert.match(en.stdout, /JMeter times each request from its actual send.*coordinated omission/);
  });

  test('JMeter written with tabs, and as XML, gives the same figures; a sub-result is not counted twice', async () => {
    const csv = join(dir, 'a.jtl');
    const tabs = join(dir, 'b.jtl');
    const xml = join(dir, 'c.xml');
    await writeFile(csv, jmeterCsv(samples));
    await writeFile(tabs, jmeterCsv(samples, '\t'));
    await writeFile(xml, jmeterXml(samples));
    const [a, b, c] = await Promise.all([summaryOf(csv), summaryOf(tabs), summaryOf(xml)]);
    for (const other of [b, c]) {
      assert.deepEqual(other.requests, a.requests);
      assert.deepEqual(other.shares, a.shares);
      assert.deepEqual(other.errors, a.errors);
      assert.deepEqual(other.latencyMs, a.latencyMs);
    }
  });

  test("ab's -g file: every line an answer, its starts spread over their second; its -e file is refused, saying why", async () => {
    const file = join(dir, 'ab.tsv');
    await writeFile(file, abGnuplot(samples));
    const s = await summaryOf(file);
    assert.equal(s.requests.sent, samples.length);
    assert.equal(s.requests.failed, 0, 'ab -g logs no status');
    const slow = samples.filter((x) => x.elapsedMs > 870).length / samples.length;
    assert.ok(Math.abs(Number(s.shares['>870ms']) - slow) < 1e-3);
    assert.ok(Math.abs(s.achievedRate - 200) < 1, String(s.achievedRate));
    assert.ok(
      (s.target.connections ?? 0) > 0 && (s.target.connections ?? 0) < 50,
      `${s.target.connections}: not every second's requests at once`,
    );
    assert.ok(s.notes.some((n: { en: string }) => /logs no status/.test(n.en)));
    const e = join(dir, 'ab-e.csv');
    await writeFile(e, 'Percentage served,Time in ms\n0,5\n50,26\n100,900\n');
    const r = await lptf(['report', e]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ab-e\.csv: ab's -e file holds only its percentiles.*ab -g/);
  });

  test('--check judges an imported file; a bad line, a bad check or a saved run with --check exits 2 naming where', async () => {
    const file = join(dir, 'checked.jtl');
    await writeFile(file, jmeterCsv(samples.slice(0, 400)));
    const s = await summaryOf(file, ['--check', 'p(50) <= 100ms', '--check', 'error_rate <= 5%'], 0);
    assert.deepEqual(
      s.checks.map((c: { name: string; pass: boolean }) => [c.name, c.pass]),
      [
        ['p(50) <= 100ms', true],
        ['error_rate <= 5%', true],
      ],
    );
    assert.equal(s.imported?.selfTest, false);
    // Line 4 of the file is the second line of a quoted failure message: the sample on it starts on line 3.
    const lines = jmeterCsv(samples.slice(0, 20)).split('\n');
    lines[5] = lines[5]?.replace(/^(\d+),\d+,/, '$1,soon,') ?? '';
    lines[7] = lines[7]?.replace(/,(true|false),/, ',maybe,') ?? '';
    const bad = join(dir, 'bad.jtl');
    await writeFile(bad, lines.join('\n'));
    const r = await lptf(['report', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.jtl:6: elapsed "soon" is not a number of ms/);
    assert.match(r.stderr, /bad\.jtl:8: success "maybe" is neither true nor false/);
    const noHeader = join(dir, 'no-header.jtl');
    await writeFile(noHeader, lines.slice(1).join('\n'));
    assert.equal((await lptf(['report', noHeader])).code, 2, 'a headless CSV is no known format: not read as one');
    const badCheck = await lptf(['report', file, '--check', 'p(50) <= soon']);
    assert.equal(badCheck.code, 2);
    assert.match(badCheck.stderr, /--check "p\(50\) <= soon"/);
    const out = join(dir, 'saved');
    assert.equal(
      (await lptf(['report', file, '--format', 'all', '-o', out])).code,
      1,
      'judged by the form: 2% over 870 ms',
    );
    const again = await lptf(['report', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Imported from JMeter's results/);
    const refused = await lptf(['report', out, '--check', 'p(50) <= 1ms']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /judged by the checks it ran with/);
    assert.match(await readFile(join(out, 'report.html'), 'utf8'), /Imported from JMeter/);
  });

  test('hostile files: requests years apart are refused before their seconds are made; a character reference past Unicode is kept as written', async () => {
    const far = join(dir, 'far.jtl');
    await writeFile(
      far,
      'timeStamp,elapsed,label,responseCode,success\n1000,5,a,200,true\n1796616000000,5,a,200,true\n',
    );
    const r = await lptf(['report', far]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /far\.jtl: its requests span \d+ h, from the first start to the last end: at most 145 h/);
    const odd = join(dir, 'odd.xml');
    await writeFile(
      odd,
      '<testResults version="1.2">\n<httpSample t="5" ts="1796616995000" s="true" lb="a&#x110000;b" rc="200" rm="OK"/>\n</testResults>\n',
    );
    const s = await summaryOf(odd, [], 0);
    assert.deepEqual(Object.keys(s.groups), ['a&#x110000;b']);
    assert.equal(s.requests.ok, 1);
  });

  test('a broken XML file is refused by line', async () => {
    const file = join(dir, 'broken.xml');
    await writeFile(
      file,
      '<?xml version="1.0"?>\n<testResults version="1.2">\n<httpSample t="5" ts="1796616995000" s="true" lb="a" rc="200" rm="OK" junk/>\n</testResults>\n',
    );
    const r = await lptf(['report', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.xml: not well-formed XML: line 3: <httpSample> has something that is no attribute/);
  });
});
