import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { formatPercent } from '../../core/units/index.js';
import type { PlanInput } from '../../load/plan/index.js';
import { makeFolder } from '../../output/index.js';
import { WIDGET_FIELDS } from '../../widget/protocol/widget-protocol.js';
import { commandLine, redactArgs } from '../redact.js';
import { addFieldOptions, addPlanOptions, flagLayer } from '../run-command.js';

/**
 * The `lptf demo` command: starts the embedded widget backend (a stock-quote service), writes
 * normal and abnormal cases for it, and runs the WeChat widget self-test against it at
 * 200 QPS (30 s by default; `--duration 30m` for the full test).
 *
 * @example
 * ```ts
 * program.addCommand(demoCommand())
 * ```
 */
export function demoCommand(): Command {
  const cmd = new Command('demo').description(
    'run the WeChat widget self-test (200 QPS, 95% within 170 ms, at most 1% over 870 ms) against an embedded sample backend',
  );
  addPlanOptions(cmd);
  // The wire, not the credentials: the demo backend has its own.
  addFieldOptions(
    cmd,
    WIDGET_FIELDS.filter((f) => f.key === 'plain' || f.key === 'bodyFormat'),
  );
  cmd.option(
    '--serve',
    'only start the sample backend (and write its cases), print its URL and credentials, until Ctrl-C',
  );
  cmd.action(async (flags: Record<string, string | string[] | boolean | undefined>) => {
    // Loaded here, not at start-up: the demo pulls in the engine, the protocol and undici.
    const { executeRun, processIo } = await import('../execute-run.js');
    const { generateCases } = await import('../../widget/casegen/index.js');
    const { DEMO_CREDENTIALS, demoSchema, hkStockCodes, startDemoServer } = await import('../../widget/demo/index.js');
    const out = resolve(typeof flags['out'] === 'string' ? flags['out'] : 'lptf-demo');
    const codes = hkStockCodes(300);
    // 300 normal cases (every whitelisted code once) and 33 abnormal ones, from the generator.
    const { normal, abnormal } = generateCases(demoSchema(codes), {
      count: 333,
      abnormalShare: 0.1,
      seed: 2018,
      today: new Date(),
    });
    await makeFolder(join(out, 'cases'));
    const normalFile = join(out, 'cases', 'normal.jsonl');
    const abnormalFile = join(out, 'cases', 'abnormal.jsonl');
    await writeFile(normalFile, `${normal.join('\n')}\n`);
    await writeFile(abnormalFile, `${abnormal.map((a) => a.line).join('\n')}\n`);
    const wire = {
      plain: flags['plain'] === true,
      format: flags['bodyFormat'] === 'xml' ? ('xml' as const) : ('json' as const),
    };
    const server = await startDemoServer(codes, { credentials: DEMO_CREDENTIALS.credentials, wire });
    const creds = DEMO_CREDENTIALS.text;
    const demo: PlanInput = {
      token: { value: creds.token, where: 'demo' },
      aesKey: { value: creds.aesKey, where: 'demo' },
      appId: { value: creds.appId, where: 'demo' },
      ghId: { value: creds.ghId, where: 'demo' },
      preset: { value: 'wechat-widget', where: 'demo' },
      url: { value: server.url, where: 'demo' },
      duration: { value: '30s', where: 'demo' },
      cases: { value: [`normal=${normalFile}`, `abnormal=${abnormalFile}`], where: 'demo' },
      out: { value: out, where: 'demo' },
      // The demo's folder is its own: each demo replaces the last.
      overwrite: { value: true, where: 'demo' },
      formats: { value: ['html'], where: 'demo' },
    };
    // The demo speaks the run's language: the widget preset's, Chinese, unless --lang says otherwise.
    const lang = flags['lang'] === 'en' ? 'en' : 'zh';
    if (flags['serve'] === true) return serve(server, creds, [normalFile, abnormalFile], lang);
    if (!flags['quiet']) {
      const auth = `--token ${creds.token} --aes-key ${creds.aesKey} --appid ${creds.appId} --gh-id ${creds.ghId}`;
      const body = `${wire.plain ? 'plain' : 'encrypted'} ${wire.format}`;
      process.stderr.write(
        lang === 'zh'
          ? `lptf demo：示例股票报价小程序后台在 ${server.url}（${body}）；用例在 ${join(out, 'cases')}\nlptf demo：示例凭据：${auth}\n`
          : `lptf demo: sample stock-quote widget backend at ${server.url} (${body}); cases in ${join(out, 'cases')}\nlptf demo: demo credentials: ${auth}\n`,
      );
    }
    try {
      const { code } = await executeRun(
        [demo, flagLayer(undefined, flags)],
        processIo(),
        commandLine(['lptf', ...redactArgs(process.argv.slice(2))]),
      );
      process.exitCode = code;
    } finally {
      await stopAndReport(server, lang);
    }
  });
  return cmd;
}

/** Stops the demo backend and prints what it served, in the run's language. */
async function stopAndReport(
  server: { stop(): Promise<{ requests: number; cacheHits: number; byErrCode: unknown }> },
  lang: 'zh' | 'en',
): Promise<void> {
  const stats = await server.stop();
  const hits = stats.requests ? formatPercent(stats.cacheHits / stats.requests) : 'n/a';
  const codes = JSON.stringify(stats.byErrCode);
  process.stdout.write(
    lang === 'zh'
      ? `示例后台：收到 ${stats.requests} 个请求，缓存命中 ${hits}，各 err_code 的数量 ${codes}\n`
      : `Demo service: ${stats.requests} requests, cache hits ${hits}, err_code counts ${codes}\n`,
  );
}

/**
 * `lptf demo --serve`: the sample backend alone, so `lptf widget probe` and `lptf run` can be tried
 * against it; it runs until Ctrl-C or SIGTERM.
 */
async function serve(
  server: { url: string; stop(): Promise<{ requests: number; cacheHits: number; byErrCode: unknown }> },
  creds: { token: string; aesKey: string; appId: string; ghId: string },
  [normal, abnormal]: readonly string[],
  lang: 'zh' | 'en',
): Promise<void> {
  const auth = `--token ${creds.token} --aes-key ${creds.aesKey} --appid ${creds.appId} --gh-id ${creds.ghId}`;
  const zh = lang === 'zh';
  process.stdout.write(
    [
      zh
        ? `lptf demo：示例股票报价小程序后台在 ${server.url}；按 Ctrl-C 停止`
        : `lptf demo: the sample stock-quote widget backend is at ${server.url}; Ctrl-C stops it`,
      `  ${zh ? '示例凭据' : 'demo credentials'}: ${auth}`,
      `  ${zh ? '用例' : 'cases'}: normal=${normal} abnormal=${abnormal}`,
      zh ? '可以试试：' : 'Try:',
      `  lptf widget probe ${server.url} ${auth}`,
      `  lptf run ${server.url} --preset wechat-widget --duration 30s --cases normal=${normal} --cases abnormal=${abnormal} ${auth}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stopAndReport(server, lang);
}
