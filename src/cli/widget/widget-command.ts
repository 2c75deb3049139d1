import { Command, Option } from 'commander';
import { parseCases } from '../../core/cases/index.js';
import { InvalidInputError } from '../../core/errors/index.js';
import { EXIT } from '../../core/exit-codes.js';
import { parseDuration } from '../../core/units/index.js';
import { envLayer } from '../../load/plan/env-layer.js';
import { WIDGET_FIELDS } from '../../widget/protocol/widget-protocol.js';
import { addFieldOptions, flagLayer, type RunFlags } from '../run-command.js';

const SEED_CASE =
  '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}, {"key": "stock_market", "value": "hk"}]}';

/**
 * The `lptf widget` commands; `lptf widget probe <url>` sends one case as WeChat's debugging
 * page would and shows every step.
 *
 * @example
 * ```ts
 * program.addCommand(widgetCommand())
 * ```
 */
export function widgetCommand(): Command {
  const probe = new Command('probe')
    .description(
      'send one case to a widget backend as WeChat would; show the event, the request, the decrypted reply, err_code, timings, and what is wrong',
    )
    .argument('<url>', 'the backend push URL, e.g. http://127.0.0.1:8080/widget')
    .option('--case <json>', 'the case (the un-encoded Query)', SEED_CASE)
    .option('--timeout <time>', 'how long to wait for each answer, e.g. 500ms or 10s', '10s');
  addFieldOptions(
    probe,
    WIDGET_FIELDS.filter((f) => f.key !== 'expect'),
  )
    .addHelpText('after', '\nExit codes: 0 the backend is right, 1 something is wrong (listed), 2 bad usage.')
    .action(
      async (
        url: string,
        flags: RunFlags & { case: string; timeout?: string; plain?: boolean; bodyFormat?: string },
      ) => {
        const { checkCredentials, probeWidget, renderProbe } = await import('../../widget/protocol/index.js');
        const parsed = parseCases(`${flags.case}\n`, 'probe', '--case');
        const layer = { ...envLayer(process.env), ...flagLayer(url, flags, WIDGET_FIELDS) };
        const { credentials, problems } = checkCredentials(
          { token: layer.token, aesKey: layer.aesKey, appId: layer.appId, ghId: layer.ghId },
          flags.plain !== true,
        );
        let target: URL | undefined;
        try {
          target = new URL(url);
        } catch {
          problems.push({ where: '<url>', message: `"${url}" is not a valid URL` });
        }
        problems.push(...parsed.problems);
        const timeoutMs = parseDuration(flags.timeout ?? '10s', 'ms');
        if (!(timeoutMs !== undefined && timeoutMs > 0))
          problems.push({
            where: '--timeout',
            message: `"${flags.timeout}" is not a positive duration; write e.g. 500ms or 10s`,
          });
        if (problems.length > 0 || !credentials || !target || !parsed.cases[0]) throw new InvalidInputError(problems);
        const wire = {
          plain: flags.plain === true,
          format: flags.bodyFormat === 'xml' ? ('xml' as const) : ('json' as const),
        };
        const report = await probeWidget(url, parsed.cases[0], credentials, wire, timeoutMs);
        process.stdout.write(renderProbe(report));
        process.exitCode = report.problems.length === 0 && report.handshake.ok ? EXIT.pass : EXIT.checkFailed;
      },
    );
  const pack = new Command('pack')
    .description(
      "the submission pack of a widget self-test: its case files, the result table and the test window and machines, as the form asks, in the run's language (the form's, Chinese, unless --lang en)",
    )
    .argument(
      '<run-dir>',
      'the --out folder of a whole lptf run --preset wechat-widget (run this where the run was started)',
    )
    .requiredOption('-o, --out <dir>', 'write the pack into this folder')
    .option('--draft', "a run that does not meet the seed's conditions (200 QPS for 30 min, …) is fine: exit 0")
    .option(
      '--window <start/end>',
      "the window you propose for WeChat's own test: ISO times with their offset, at least 30 min, in the future (2026-12-10T14:00+08:00/2026-12-10T14:40+08:00)",
    )
    .option(
      '--servers <file|text>',
      "the production servers for WeChat's test: a file of one a line, or the text (; between them)",
    )
    .addOption(new Option('--lang <lang>', "the pack's language (default: the run's own)").choices(['zh', 'en']))
    .addHelpText(
      'after',
      "\nExit codes: 0 written, 1 written as a draft (the run does not meet the seed's submission conditions; --draft makes it 0), 2 not a whole widget self-test (interrupted, another protocol, case files missing or changed), or a bad --window or --servers.",
    )
    .action(
      async (
        dir: string,
        flags: { out: string; draft?: boolean; window?: string; servers?: string; lang?: 'zh' | 'en' },
      ) => {
        const { readRun } = await import('../report-command.js');
        const { inLang } = await import('../../load/result/index.js');
        const { writeWidgetPack, draftSaid, readProposal } = await import('../../widget/pack/index.js');
        const { proposal, problems } = readProposal(flags);
        if (problems.length > 0) throw new InvalidInputError(problems);
        const saved = await readRun(dir);
        const result = flags.lang ? inLang(saved, flags.lang) : saved;
        const zh = result.meta.lang === 'zh';
        const pack = await writeWidgetPack(result, flags.out, { proposal });
        process.stderr.write(`lptf: ${zh ? '已写出' : 'wrote'} ${pack.files.join(', ')}\n`);
        if (!pack.qualifies) {
          const accepts = flags.draft ? '' : zh ? '；加 --draft 即接受草稿' : '; --draft accepts it';
          process.stderr.write(
            `lptf: ${flags.out} ${zh ? '是' : 'is'} ${draftSaid(pack.unmet, result.meta.lang)}${accepts}\n`,
          );
          if (!flags.draft) process.exitCode = EXIT.checkFailed;
        }
      },
    );
  return new Command('widget')
    .description('tools for WeChat search-widget backends')
    .addCommand(probe)
    .addCommand(pack);
}
