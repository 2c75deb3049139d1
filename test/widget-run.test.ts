import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isRunCheck } from '../src/core/checks/index.js';
import { sayIn } from '../src/core/said.js';
import type { RunResult } from '../src/load/result/index.js';
import { startLoadTest } from '../src/load/run/index.js';
import { lptf } from './helpers/cli.js';
import { planOf, tempFile } from './helpers/plan.js';
import { REPLY_FAULTS } from './helpers/reply-faults.js';
import { assertTargetChecksPass, assertTargetFailed } from './helpers/verdict.js';

const creds = {
  token: 'lptftest',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  ghId: 'gh_10f6c3c3ac5a',
};
/** The credentials as flags, for runs and probes through the CLI. */
const auth = ['--token', creds.token, '--aes-key', creds.aesKey, '--appid', creds.appId, '--gh-id', creds.ghId];
const keyBase64 = Buffer.from(`${creds.aesKey}=`, 'base64').toString('base64');

/** The form's checks, with their figures; the run's own (load delivered, on time) are tested in test/load-run. */
const formChecks = (r: RunResult) => r.checks.filter((c) => !isRunCheck(c)).map((c) => [c.name, c.actual, c.pass]);

describe('the wechat-widget preset against a protocol backend', () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = fork(fileURLToPath(new URL('./helpers/widget-target-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.send({
      token: creds.token,
      key: keyBase64,
      appId: creds.appId,
      ghId: creds.ghId,
      wire: { plain: false, format: 'json' },
    });
    const [{ port }] = (await once(child, 'message')) as [{ port: number }];
    url = `http://127.0.0.1:${port}/widget`;
  });
  after(() => child.disconnect());

  test('5% of replies with a bad signature are exactly the protocol errors, and the checks fail', async () => {
    const normal = Array.from({ length: 90 }, (_, i) => `{"i": ${i}${i % 18 === 0 ? ', "forge": true' : ''}}`);
    const abnormal = Array.from({ length: 10 }, (_, i) => `{"i": ${i}, "code": -2}`);
    const result = await startLoadTest(
      await planOf({
        url,
        preset: 'wechat-widget',
        rate: 50,
        duration: '2s',
        ...creds,
        cases: [
          `normal=${await tempFile('normal.jsonl', normal)}`,
          `abnormal=${await tempFile('abnormal.jsonl', abnormal)}`,
        ],
      }),
    ).result;
    assert.equal(result.requests.completed, 100);
    assert.deepEqual(result.errors, { protocol_bad_signature: 5 });
    assert.deepEqual(result.groups['normal']!.errCodes, { '0': 85 });
    assert.deepEqual(result.groups['abnormal']!.errCodes, { '-2': 10 });
    // Five alike, kept once: the examples are the distinct ones, the finding then the request and status.
    assert.deepEqual(result.groups['normal']!.examples['protocol_bad_signature'], [
      'MsgSignature does not match the reply (POST /widget → 200 OK)',
    ]);
    assert.deepEqual(formChecks(result), [
      ['share(<=170ms) >= 95%', 0.95, true],
      ['share(>870ms) <= 1%', 0.05, false],
      ['expected_rate >= 100%', 1, true],
    ]);
    assert.equal(result.passed, false);
    // The test backend declares a lifespan of 60 s; a case comes round every 2 s.
    assert.ok(
      result.warnings.some((w) =>
        /^each case repeats every 2 s \(100 cases at 50\/s\), sooner than the lifespan the replies declare, 60 s/.test(
          sayIn(w, 'en'),
        ),
      ),
      result.warnings.map((w) => sayIn(w, 'en')).join('\n'),
    );
    assert.deepEqual(result.tallies, { 'lifespan=60': 95 });
  });

  test('an unexpected err_code is an answer, timed, that fails its own row; the expectation is configurable', async () => {
    const cases = await tempFile('abnormal.jsonl', ['{"code": 0}', '{"code": -2}', '{"code": -3}', '{"code": -1}']);
    const run = async (expect?: string[]) =>
      startLoadTest(
        await planOf({
          url,
          preset: 'wechat-widget',
          rate: 20,
          duration: '1s',
          ...creds,
          cases: [`abnormal=${cases}`],
          ...(expect ? { expect } : {}),
        }),
      ).result;
    const byDefault = await run();
    assert.deepEqual(byDefault.errors, {});
    assert.deepEqual(byDefault.unexpected, { unexpected_err_code: 10 });
    assert.equal(byDefault.requests.ok, 20);
    assert.deepEqual(byDefault.errCodes, { '0': 5, '-1': 5, '-2': 5, '-3': 5 });
    assert.match(
      byDefault.groups['abnormal']!.examples['unexpected_err_code']![0]!,
      /err_code (0|-3) for .*abnormal\.jsonl:[13] \(abnormal expects -1 or -2\)/,
    );
    assert.deepEqual(formChecks(byDefault), [
      ['share(<=170ms) >= 95%', 1, true],
      ['share(>870ms) <= 1%', 0, true],
      ['expected_rate >= 100%', 0.5, false],
    ]);
    const lenient = await run(['abnormal=0,-1,-2,-3']);
    assert.deepEqual([lenient.unexpected, lenient.passed], [{}, true]);
  });

  test('a backend whose replies break one field of the protocol fails by that field, each its own kind', async () => {
    const faults = Object.keys(REPLY_FAULTS);
    const cases = await tempFile(
      'normal.jsonl',
      faults.map((name, i) => `{"i": ${i}, "break": "${name}"}`),
    );
    const result = await startLoadTest(
      await planOf({
        url,
        preset: 'wechat-widget',
        rate: faults.length * 2,
        duration: '1s',
        ...creds,
        cases: [`normal=${cases}`],
      }),
    ).result;
    assert.deepEqual(
      result.errors,
      Object.fromEntries(faults.map((name) => [`protocol_${REPLY_FAULTS[name]!.kind}`, 2])),
    );
    assert.equal(result.passed, false);
    for (const name of faults) {
      const kind = `protocol_${REPLY_FAULTS[name]!.kind}`;
      const example = result.groups['normal']?.examples[kind]?.[0] ?? result.examples[kind]?.[0] ?? '';
      assert.ok(example.length > 0 && !example.includes(creds.token), `${kind}: ${example}`);
    }
  });

  test('a zero-delay backend that answers abnormal cases with 0: nothing is over 870 ms, the err_code row fails', async () => {
    const normal = await tempFile(
      'normal.jsonl',
      Array.from({ length: 18 }, (_, i) => `{"i": ${i}, "d": 0}`),
    );
    const abnormal = await tempFile('abnormal.jsonl', ['{"i": 1, "d": 0, "code": 0}', '{"i": 2, "d": 0, "code": 0}']);
    const result = await startLoadTest(
      await planOf({
        url,
        preset: 'wechat-widget',
        rate: 40,
        duration: '1s',
        ...creds,
        cases: [`normal=${normal}`, `abnormal=${abnormal}`],
      }),
    ).result;
    const row = (name: string) => result.checks.find((c) => c.name === name);
    assert.equal(row('share(>870ms) <= 1%')?.actual, 0);
    assert.equal(row('share(>870ms) <= 1%')?.pass, true);
    assert.equal(row('share(<=170ms) >= 95%')?.actual, 1);
    assert.equal(row('expected_rate >= 100%')?.pass, false);
    assert.equal(row('expected_rate >= 100%')?.actual, 36 / 40);
    assert.deepEqual(result.groups['abnormal']!.checks, []);
    assert.equal(result.passed, false);
  });

  test('a whole self-test with --out writes the submission pack; lptf widget pack writes it again, and refuses what is no self-test', async () => {
    const normal = await tempFile(
      'normal.jsonl',
      Array.from({ length: 9 }, (_, i) => `{"i": ${i}}`),
    );
    const abnormal = await tempFile('abnormal.jsonl', ['{"i": 1, "code": -2}']);
    const cases = ['--cases', `normal=${normal}`, '--cases', `abnormal=${abnormal}`];
    const out = await mkdtemp(join(tmpdir(), 'lptf-pack-run-'));
    const run = await lptf([
      'run',
      url,
      '--preset',
      'wechat-widget',
      '-d',
      '1s',
      '-r',
      '20',
      ...cases,
      ...auth,
      '-o',
      out,
    ]);
    await assertTargetChecksPass(run, join(out, 'summary.json'));
    const md = await readFile(join(out, 'pack', 'submission.md'), 'utf8');
    for (const part of [
      // A 1 s run at 20 QPS is no self-test result: the pack says so first, and on its title.
      '# 草稿（不满足提交条件）：WeChat 搜一搜小程序后台性能测试',
      '## 提交条件（种子页面：200 QPS 持续 30 分钟）',
      '| 压测速率     | ≥ 200 QPS',
      '本次压测不满足提交条件（压测速率、持续时间）',
      '## 自测用例',
      '## 自测结果',
      '## 压测时间 && 压测服务器',
      'err_code 符合预期',
      '20 QPS',
      '解析为 127.0.0.1',
    ]) {
      assert.ok(md.includes(part), part);
    }
    assert.ok(md.indexOf('## 提交条件') < md.indexOf('## 自测用例'), 'the conditions come first');
    assert.match(
      run.stderr,
      /提交材料在 .*：草稿（每一页都标有“草稿（不满足提交条件）”）：本次压测不满足种子页面的提交条件（压测速率、持续时间）/,
    );
    assert.equal(await readFile(join(out, 'pack', 'cases', 'normal.jsonl'), 'utf8'), await readFile(normal, 'utf8'));
    const again = await mkdtemp(join(tmpdir(), 'lptf-pack-'));
    const pack = await lptf(['widget', 'pack', out, '-o', again]);
    assert.equal(pack.code, 1, pack.stderr);
    assert.match(
      pack.stderr,
      /是 草稿（每一页都标有“草稿（不满足提交条件）”）：.*（压测速率、持续时间）；加 --draft 即接受草稿/,
    );
    assert.equal(
      await readFile(join(again, 'submission.txt'), 'utf8'),
      await readFile(join(out, 'pack', 'submission.txt'), 'utf8'),
    );
    // With the window and servers proposed for WeChat's own test: a draft, as asked, exit 0.
    const start = new Date(Date.now() + 86_400_000);
    const end = new Date(start.getTime() + 40 * 60_000);
    const proposed = await lptf([
      'widget',
      'pack',
      out,
      '-o',
      again,
      '--draft',
      '--window',
      `${start.toISOString()}/${end.toISOString()}`,
      '--servers',
      'api-1 10.0.0.1 8C16G; api-2 10.0.0.2 8C16G',
    ]);
    assert.equal(proposed.code, 0, proposed.stderr);
    const withProposal = await readFile(join(again, 'submission.md'), 'utf8');
    assert.ok(withProposal.includes('## 微信压测：建议的压测时间与生产服务器'));
    assert.ok(withProposal.includes('，共 40 分钟'));
    assert.ok(withProposal.includes('生产服务器（2 台）'));
    const late = await lptf(['widget', 'pack', out, '-o', again, '--window', '2020-01-01T00:00Z/2020-01-01T01:00Z']);
    assert.equal(late.code, 2);
    assert.match(late.stderr, /--window: it starts in the past/);

    // An interrupted run is no self-test result: no pack, and lptf widget pack refuses it.
    const cut = await mkdtemp(join(tmpdir(), 'lptf-pack-cut-'));
    const stopped = await lptf(
      ['run', url, '--preset', 'wechat-widget', '-d', '30s', '-r', '20', ...cases, ...auth, '-o', cut],
      {
        interruptAfterMs: 1500,
      },
    );
    assert.equal(stopped.code, 130, stopped.stderr);
    await assert.rejects(readFile(join(cut, 'pack', 'submission.md')));
    const refused = await lptf(['widget', 'pack', cut, '-o', join(cut, 'p')]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /summary\.json: the run was interrupted after [\d.]+s: a self-test result must cover the whole run/,
    );

    // A run of another protocol, and a run whose case files are gone.
    const plain = await mkdtemp(join(tmpdir(), 'lptf-pack-http-'));
    await lptf(['run', url, '-d', '1s', '-r', '5', '--cases', `normal=${normal}`, '-o', plain]);
    const http = await lptf(['widget', 'pack', plain, '-o', join(plain, 'p')]);
    assert.equal(http.code, 2);
    assert.match(http.stderr, /not a widget self-test: it spoke http, not wechat-widget/);
    await rm(abnormal);
    const gone = await lptf(['widget', 'pack', out, '-o', join(out, 'p2')]);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /abnormal\.jsonl: no such file: run lptf widget pack where the run was started/);
  });

  test('on worker threads and in segments, each reply is judged against the request it answers', async () => {
    const cases = await tempFile(
      'normal.jsonl',
      Array.from({ length: 10 }, (_, i) => `{"i": ${i}}`),
    );
    const plan = [
      'run',
      url,
      '--preset',
      'wechat-widget',
      '-d',
      '1s',
      '-r',
      '40',
      '--cases',
      `normal=${cases}`,
      ...auth,
    ];
    for (const extra of [
      ['--workers', '2'],
      ['--segment', '1/2', '--seed', '3'],
    ]) {
      const out = await mkdtemp(join(tmpdir(), 'lptf-stripes-'));
      const r = await lptf([...plan, ...extra, '-o', out]);
      await assertTargetChecksPass(r, join(out, 'summary.json'));
      const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      assert.deepEqual(s.errors, {}, extra.join(' '));
      assert.equal(s.requests.ok, extra[0] === '--workers' ? 40 : 20);
    }
  });

  test('lptf widget probe shows each step, and what is wrong', async () => {
    const good = await lptf(['widget', 'probe', url, '--case', '{"code": -1}', ...auth]);
    assert.equal(good.code, 0, good.stdout);
    for (const title of ['Plain event', 'HTTP request', 'HTTP response', 'Decrypted reply', 'data'])
      assert.match(good.stdout, new RegExp(`^${title}$`, 'm'));
    assert.match(good.stdout, /"Query": "\{\\"code\\": -1\}"/);
    assert.match(good.stdout, /err_code -1 \(no result\)/);
    assert.match(good.stdout, /ok: echostr echoed/);
    const forged = await lptf(['widget', 'probe', url, '--case', '{"forge": true}', ...auth]);
    assert.equal(forged.code, 1);
    assert.match(forged.stdout, /reply: bad_signature: MsgSignature does not match the reply/);
    const wrongToken = await lptf(['widget', 'probe', url, ...auth.slice(2), '--token', 'wrongtoken']);
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stdout, /HTTP status 400/);
    assert.match(wrongToken.stdout, /URL verification \(GET handshake\)\n {2}FAILED/);
    const quick = await lptf(['widget', 'probe', url, '--timeout', '2s', ...auth]);
    assert.equal(quick.code, 0, quick.stdout);
    const badTimeout = await lptf(['widget', 'probe', url, '--timeout', 'soon', ...auth]);
    assert.equal(badTimeout.code, 2);
    assert.match(badTimeout.stderr, /--timeout: "soon" is not a positive duration/);
    const badCase = await lptf(['widget', 'probe', url, '--case', '[1]', ...auth]);
    assert.equal(badCase.code, 2);
    assert.match(badCase.stderr, /--case:1: a case must be a JSON object/);
  });

  test('lptf widget probe stops reading a reply past 4 MiB: a target sending 1 GB fails the probe, memory bounded', async () => {
    const flood = createServer((_req, res) => {
      let sent = 0;
      const chunk = Buffer.alloc(1 << 16, 97);
      const write = (): void => {
        while (sent < 2 ** 30) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      res.on('close', () => {
        sent = 2 ** 30;
      });
      write();
    });
    await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
    try {
      const port = (flood.address() as AddressInfo).port;
      const r = await lptf(['widget', 'probe', `http://127.0.0.1:${port}/w`, ...auth]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /request failed: the answer's body is over 4194304 bytes/);
      assert.match(
        r.stdout,
        /URL verification \(GET handshake\)\n {2}FAILED: request failed: the answer's body is over/,
      );
    } finally {
      flood.closeAllConnections();
      await new Promise<void>((resolve) => flood.close(() => resolve()));
    }
  });

  test('the CLI rejects a bad key before any traffic, naming the field, and never prints credentials', async () => {
    const bad = await lptf([
      'run',
      url,
      '--preset',
      'wechat-widget',
      '--token',
      creds.token,
      '--appid',
      creds.appId,
      '--aes-key',
      'tooshort',
      '-d',
      '1s',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--aes-key: an EncodingAESKey is 43 characters/);
    const missing = await lptf(['run', url, '--preset', 'wechat-widget', '-d', '1s']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--token: required by the widget protocol \(or set LPTF_WX_TOKEN\)/);
    const cases = await tempFile('normal.jsonl', ['{"i": 1}', '{"i": 2, "forge": true}']);
    const out = await mkdtemp(join(tmpdir(), 'lptf-widget-'));
    const ok = await lptf([
      'run',
      url,
      '--preset',
      'wechat-widget',
      '-r',
      '20',
      '-d',
      '1s',
      '-q',
      '--cases',
      cases,
      '--token',
      creds.token,
      '--aes-key',
      creds.aesKey,
      '--appid',
      creds.appId,
      '-o',
      out,
    ]);
    assertTargetFailed(ok, JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult);
    assert.match(ok.stdout, /protocol_bad_signature\s+10\s+MsgSignature does not match/);
    const written = [
      ok.stdout,
      ok.stderr,
      await readFile(join(out, 'summary.json'), 'utf8'),
      await readFile(join(out, 'report.md'), 'utf8'),
    ].join('\n');
    for (const secret of [creds.token, creds.aesKey, creds.appId])
      assert.ok(!written.includes(secret), `an output shows ${secret}`);
  });
});
