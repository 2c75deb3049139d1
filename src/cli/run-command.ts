import { Command, Option } from 'commander';
import { InvalidInputError } from '../core/errors/index.js';
import { EXIT } from '../core/exit-codes.js';
import { type FieldSpec, longFlag, type PlanInput } from '../load/fields/field.js';
import { LOAD_FILE } from '../load/plan/load-file.js';
import { ownFields, planFields, protocolFields } from '../load/plan/plan-fields.js';
import { collect } from './collect.js';
import { commandLine, redactArgs } from './redact.js';

/**
 * The flags of a plan command as commander parses them (by attribute name), and `--config`.
 *
 * @example
 * ```ts
 * const flags: RunFlags = { rate: '200', duration: '30m', check: ['p(95) <= 170ms'] }
 * ```
 */
export type RunFlags = Readonly<Record<string, unknown>> & { readonly config?: string };

/**
 * A field as a commander option: its flags, help, choices, and an accumulator if repeatable.
 *
 * @example
 * ```ts
 * cmd.addOption(fieldOption(field))
 * ```
 */
export function fieldOption(field: FieldSpec): Option {
  const fallback = Array.isArray(field.fallback) ? field.fallback.join(', ') : field.fallback;
  const option = new Option(field.flags, fallback === undefined ? field.help : `${field.help} (default ${fallback})`);
  if (field.repeatable) option.argParser(collect);
  const choices = field.choices?.();
  if (choices) option.choices(choices);
  return option;
}

/**
 * Adds options for fields (all but the URL, which is an argument).
 *
 * @example
 * ```ts
 * addFieldOptions(new Command('probe'), WIDGET_FIELDS)
 * ```
 */
export function addFieldOptions(cmd: Command, fields: readonly FieldSpec[]): Command {
  for (const field of fields) if (field.key !== 'url') cmd.addOption(fieldOption(field));
  return cmd;
}

/**
 * Turns parsed flags (and the URL argument) into a plan layer, each value tagged with its flag.
 *
 * @example
 * ```ts
 * flagLayer('http://127.0.0.1:8080/', { rate: '200' }).rate // { value: '200', where: '--rate' }
 * ```
 */
export function flagLayer(
  url: string | undefined,
  flags: RunFlags,
  fields: readonly FieldSpec[] = planFields(),
): PlanInput {
  const layer: Record<string, { value: unknown; where: string }> = {};
  // `lptf run checkout.load.ts`: a load file where the URL would be.
  if (url !== undefined && !url.includes('://') && LOAD_FILE.test(url))
    layer['script'] = { value: url, where: '<file>' };
  else if (url !== undefined) layer['url'] = { value: url, where: '<url>' };
  for (const field of fields) {
    if (field.key === 'url') continue;
    const value = flags[new Option(field.flags).attributeName()];
    if (value !== undefined) layer[field.key] = { value, where: longFlag(field) };
  }
  return layer;
}

/**
 * Adds the options every plan-running command shares (`run` and `demo` use them): how hard, how
 * long, how judged, and where the results go.
 *
 * @example
 * ```ts
 * addPlanOptions(new Command('run'))
 * ```
 */
export function addPlanOptions(cmd: Command): Command {
  return addFieldOptions(
    cmd,
    ownFields().filter((f) => f.group === 'load'),
  );
}

/**
 * Adds what every command that takes a whole plan shares (`run`, `k8s`): the URL argument, the
 * request, `--config`, the plan options and every protocol's own.
 *
 * @example
 * ```ts
 * planCommand(new Command('k8s'))
 * ```
 */
export function planCommand(cmd: Command): Command {
  cmd.argument(
    '[url]',
    'target URL, e.g. http://127.0.0.1:8080/api (may use {{case.url}} in its path or query), or a load file (checkout.load.ts)',
  );
  addFieldOptions(
    cmd,
    ownFields().filter((f) => f.group === 'request'),
  );
  cmd.option('--config <file>', 'plan file (YAML or JSON) with the same fields; flags override it');
  addPlanOptions(cmd);
  return addFieldOptions(cmd, protocolFields());
}

/**
 * The layers of a plan as a command gave it, lowest first: the config file, the environment, then
 * the flags (a load file lies beneath them all). Field by field, the upper one wins, and the
 * headline says what it replaced.
 *
 * @example
 * ```ts
 * const layers = await planLayers(url, flags)
 * ```
 */
export async function planLayers(url: string | undefined, flags: RunFlags): Promise<PlanInput[]> {
  const { envLayer } = await import('../load/plan/env-layer.js');
  const { loadConfigFile } = await import('../load/plan/config-file.js');
  const layers: PlanInput[] = [];
  if (flags.config) layers.push(await loadConfigFile(flags.config));
  layers.push(envLayer(process.env), flagLayer(url, flags));
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
  const cmd = planCommand(
    new Command('run').description(
      'open-model HTTP load test: send at a constant rate, time each request from its intended send time, check the result',
    ),
  );
  addFieldOptions(
    cmd,
    ownFields().filter((f) => f.group === 'watch'),
  );
  cmd.addHelpText(
    'after',
    `
Exit codes: 0 the target's checks pass, 1 a check failed (or --abort-on-fail stopped the run),
2 bad usage or input, 3 inconclusive (a check failed while the generator fell behind, or the
planned load was not delivered: the report says which), 130 interrupted.
With no --check and no --preset, "error_rate <= 1%" applies. Every --rate run also checks itself:
"delivered >= 95%" and "send_lateness_p99 <= 10ms" (a --check of the same metric replaces them);
a late generator alone is a warning beside a pass. A check over windows: "error_rate over 5s <= 20%".

Examples:
  lptf run http://127.0.0.1:8080/widget --preset wechat-widget --cases normal=normal.jsonl --cases abnormal=abnormal.jsonl -o results
  lptf run http://127.0.0.1:8080/ --rate 500 --duration 1m --check "p(99) <= 100ms" --check "error_rate <= 0.1%"
  lptf run --config lptf.config.yaml --duration 5m
  lptf run http://127.0.0.1:8080/ --watch-cmd "node server.js" --check "server_rss_growth <= 50MB" -o results`,
  );
  cmd.option(
    '--dry-run',
    'print the plan as resolved (every field, its value and where it came from; the checks, the schedule, the scenarios) and send nothing',
  );
  cmd.option(
    '--debug [n]',
    "send the first n arrivals of each scenario (default 1; a flow's steps in order) one at a time, print each request and answer in full (credentials redacted), each verdict and what each step extracted; record nothing",
  );
  cmd.action(async (url: string | undefined, flags: RunFlags) => {
    // Loaded here, not at start-up: `--help` and `--version` need none of the engine.
    const { executeRun, processIo } = await import('./execute-run.js');
    const layers = await planLayers(url, flags);
    if (flags['debug'] !== undefined) {
      const n = flags['debug'] === true ? 1 : Number(flags['debug']);
      if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new InvalidInputError([
          {
            where: '--debug',
            message: `must be a whole number of arrivals, 1 to 1000; got "${String(flags['debug'])}"`,
          },
        ]);
      const { resolveRun } = await import('../load/run/index.js');
      const { debugRun } = await import('../load/run/debug-run.js');
      const { failed } = await debugRun((await resolveRun(layers)).resolved, n, process.stdout);
      process.exitCode = failed > 0 ? EXIT.checkFailed : EXIT.pass;
      return;
    }
    if (flags['dryRun'] === true) {
      const { resolveRun } = await import('../load/run/index.js');
      const { describePlan } = await import('./dry-run.js');
      process.stdout.write(describePlan((await resolveRun(layers)).resolved));
      return;
    }
    const command = commandLine(['lptf', ...redactArgs(process.argv.slice(2))]);
    const { code } = await executeRun(layers, processIo(), command);
    // Every output is written: what user code still holds (a teardown() given up on, a timer or a
    // socket a load file left open) must not keep lptf, and a CI job, up after the run.
    await flushed(process.stdout);
    await flushed(process.stderr);
    process.exit(code);
  });
  return cmd;
}

/** Once what was written to a stream has left (a pipe on macOS is written asynchronously). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
