import { Command, Option } from 'commander';
import { CHECK_FORMS } from '../core/checks/index.js';
import type { PlanField, PlanInput } from '../load/plan/plan-input.js';
import { PRESETS } from '../load/plan/presets.js';
import { TEMPLATE_PLACEHOLDERS } from '../core/template/index.js';
import { collect } from './collect.js';
import { commandLine, redactArgs } from './redact.js';

/**
 * The flags of `lptf run`, as commander parses them.
 *
 * @example
 * ```ts
 * const flags: RunFlags = { rate: '200', duration: '30m', check: ['p(95) <= 170ms'] }
 * ```
 */
export interface RunFlags {
  rate?: string;
  duration?: string;
  maxInflight?: string;
  queue?: string;
  timeout?: string;
  method?: string;
  header?: string[];
  body?: string;
  cases?: string[];
  check?: string[];
  preset?: string;
  okStatus?: string;
  seed?: string;
  config?: string;
  lang?: string;
  out?: string;
  format?: string[];
  quiet?: boolean;
  dashboard?: boolean | string;
  dashboardHost?: string;
  client?: string;
  workers?: string;
  connections?: string;
  insecure?: boolean;
  segment?: string;
  startAt?: string;
  token?: string;
  aesKey?: string;
  appid?: string;
  ghId?: string;
  plain?: boolean;
  bodyFormat?: string;
  expect?: string[];
}

const FLAG_FIELDS: readonly [keyof RunFlags, PlanField, string][] = [
  ['rate', 'rate', '--rate'],
  ['duration', 'duration', '--duration'],
  ['maxInflight', 'maxInflight', '--max-inflight'],
  ['queue', 'queue', '--queue'],
  ['timeout', 'timeout', '--timeout'],
  ['method', 'method', '--method'],
  ['header', 'headers', '--header'],
  ['body', 'body', '--body'],
  ['cases', 'cases', '--cases'],
  ['check', 'checks', '--check'],
  ['preset', 'preset', '--preset'],
  ['okStatus', 'okStatus', '--ok-status'],
  ['seed', 'seed', '--seed'],
  ['lang', 'lang', '--lang'],
  ['out', 'out', '--out'],
  ['format', 'formats', '--format'],
  ['quiet', 'quiet', '--quiet'],
  ['dashboard', 'dashboard', '--dashboard'],
  ['dashboardHost', 'dashboardHost', '--dashboard-host'],
  ['client', 'client', '--client'],
  ['workers', 'workers', '--workers'],
  ['connections', 'connections', '--connections'],
  ['insecure', 'insecure', '--insecure'],
  ['segment', 'segment', '--segment'],
  ['startAt', 'startAt', '--start-at'],
  ['token', 'token', '--token'],
  ['aesKey', 'aesKey', '--aes-key'],
  ['appid', 'appId', '--appid'],
  ['ghId', 'ghId', '--gh-id'],
  ['plain', 'plain', '--plain'],
  ['bodyFormat', 'bodyFormat', '--body-format'],
  ['expect', 'expect', '--expect'],
];

/**
 * Turns parsed flags (and the URL argument) into a plan layer, each value tagged with its flag.
 *
 * @example
 * ```ts
 * flagLayer('http://127.0.0.1:8080/', { rate: '200' }).rate // { value: '200', where: '--rate' }
 * ```
 */
export function flagLayer(url: string | undefined, flags: RunFlags): PlanInput {
  const layer: Record<string, { value: unknown; where: string }> = {};
  if (url !== undefined) layer['url'] = { value: url, where: '<url>' };
  for (const [flag, field, name] of FLAG_FIELDS) {
    if (flags[flag] !== undefined) layer[field] = { value: flags[flag], where: name };
  }
  return layer;
}

/**
 * Adds the options every plan-running command shares (`run` and `demo` use them).
 *
 * @example
 * ```ts
 * addPlanOptions(new Command('run'))
 * ```
 */
export function addPlanOptions(cmd: Command): Command {
  return cmd
    .option('-r, --rate <qps>', 'requests per second, evenly spaced (default 200)')
    .option('-d, --duration <time>', 'how long to send: 30s, 5m, 30m, 1h (default 30s)')
    .option('--max-inflight <n>', 'most requests in flight at once (default 1000)')
    .option('--connections <n>', 'closed loop instead of a rate: n connections, each sending its next request as soon as the last is answered (for headroom, not for latency)')
    .option('-w, --workers <n>', 'worker threads that send, for rates one core cannot drive (default 1: the main thread)')
    .option('--segment <i/N>', 'run segment i (0 to N-1) of a test spread over N instances: request k goes to segment k mod N; merge them with lptf merge')
    .option('--start-at <time>', 'start the schedule at this time (ISO 8601 or ms since the epoch), the same for every segment')
    .option('-k, --insecure', 'https: accept any certificate, e.g. a test service\'s self-signed one (like curl -k)')
    .addOption(new Option('--client <name>', "HTTP client: h1 (lptf's own HTTP/1.1, the default) or undici").choices(['h1', 'undici']))
    .option('--queue <n>', 'most arrivals waiting for a free slot before they are dropped (default: 10 s of arrivals)')
    .option('--timeout <time>', 'per-request timeout; a timed-out request fails and counts as slow (default 10s)')
    .option('--check <expr>', `acceptance check, repeatable: ${CHECK_FORMS.map((f) => `"${f}"`).join(', ')}`, collect)
    .addOption(new Option('--lang <lang>', 'language of the report tables').choices(['zh', 'en']))
    .option('-o, --out <dir>', 'write summary.json and report.md into this folder')
    .option('--format <format>', 'also write this format into --out, repeatable: html (report with charts), csv (per-second series), junit (a test case per check), text', collect)
    .option('-q, --quiet', 'no progress on stderr')
    .option('--dashboard [port]', 'serve a live dashboard on 127.0.0.1 (port 5665 unless given; 0 for any free port)')
    .option('--dashboard-host <addr>', 'listen on this address instead of 127.0.0.1 (the page shows your URLs and answers)')
    .option('--seed <n>', 'seed of the case order, to repeat a run exactly');
}

/**
 * Adds the WeChat widget protocol's credential and wire options (`run` and `widget probe`).
 *
 * @example
 * ```ts
 * addWidgetOptions(new Command('probe'))
 * ```
 */
export function addWidgetOptions(cmd: Command): Command {
  return cmd
    .option('--token <token>', 'widget protocol: the Token (or LPTF_WX_TOKEN)')
    .option('--aes-key <key>', 'widget protocol: the 43-character EncodingAESKey (or LPTF_WX_AES_KEY)')
    .option('--appid <id>', 'widget protocol: the mini program AppID (or LPTF_WX_APPID)')
    .option('--gh-id <id>', 'widget protocol: the original id gh_… (or LPTF_WX_GH_ID)')
    .option('--plain', 'widget protocol: send events unencrypted, to measure business processing alone')
    .addOption(new Option('--body-format <format>', 'widget protocol: body format').choices(['json', 'xml']));
}

/**
 * Adds what every command that takes a whole plan shares (`run`, `k8s`): the URL argument, the
 * request, the plan and the widget options.
 *
 * @example
 * ```ts
 * planCommand(new Command('k8s'))
 * ```
 */
export function planCommand(cmd: Command): Command {
  cmd
    .argument('[url]', 'target URL, e.g. http://127.0.0.1:8080/api (may use {{case.url}} in its path or query)')
    .option('-c, --cases <[label=]file>', 'JSONL case file, one JSON object per line; repeatable; the label (default: file name) names its group', collect)
    .option('-X, --method <method>', 'HTTP method (default POST with a body or cases, else GET)')
    .option('-H, --header <"Name: value">', 'request header, repeatable', collect)
    .option('-b, --body <template|@file>', `request body template; placeholders ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')} (default with cases: {{case}})`)
    .option('--ok-status <ranges>', 'statuses that count as OK, e.g. 200-399 or 2xx,404 (default 200-399)')
    .addOption(new Option('--preset <name>', 'a named plan; wechat-widget = 200/s for 30m, share(<=170ms) >= 95%, share(>870ms) <= 1%').choices(Object.keys(PRESETS)))
    .option('--config <file>', 'plan file (YAML or JSON) with the same fields; flags override it');
  addPlanOptions(cmd);
  return addWidgetOptions(cmd).option('--expect <group=codes>', 'widget protocol: err_codes a group expects, repeatable (default normal=0,-1 abnormal=-1,-2)', collect);
}

/**
 * The layers of a plan as a command gave it: the environment's credentials, the config file,
 * then the flags.
 *
 * @example
 * ```ts
 * const layers = await planLayers(url, flags)
 * ```
 */
export async function planLayers(url: string | undefined, flags: RunFlags): Promise<PlanInput[]> {
  const { envLayer } = await import('../load/plan/env-layer.js');
  const layers: PlanInput[] = [envLayer(process.env)];
  if (flags.config) layers.push(await (await import('../load/plan/config-file.js')).loadConfigFile(flags.config));
  layers.push(flagLayer(url, flags));
  return layers;
}

/**
 * The `lptf run` command.
 *
 * @example
 * ```ts
 * program.addCommand(runCommand())
 * ```
 */
export function runCommand(): Command {
  const cmd = planCommand(new Command('run').description('open-model HTTP load test: send at a constant rate, time each request from its intended send time, check the result'));
  cmd.addHelpText(
    'after',
    `
Exit codes: 0 all checks pass, 1 a check failed, 2 bad usage or input, 130 interrupted.
With no --check and no --preset, "error_rate <= 1%" applies.

Examples:
  lptf run http://127.0.0.1:8080/widget --preset wechat-widget --cases normal=normal.jsonl --cases abnormal=abnormal.jsonl -o results
  lptf run http://127.0.0.1:8080/ --rate 500 --duration 1m --check "p(99) <= 100ms" --check "error_rate <= 0.1%"
  lptf run --config lptf.config.yaml --duration 5m`,
  );
  cmd.action(async (url: string | undefined, flags: RunFlags) => {
    // Loaded here, not at start-up: `--help` and `--version` need none of the engine.
    const { executeRun, processIo } = await import('./execute-run.js');
    const layers = await planLayers(url, flags);
    const command = commandLine(['lptf', ...redactArgs(process.argv.slice(2))]);
    const { code } = await executeRun(layers, processIo(), command);
    process.exitCode = code;
  });
  return cmd;
}
