import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError, type Problem } from '../core/errors/index.js';
import { EXIT } from '../core/exit-codes.js';
import { parseDuration } from '../core/units/index.js';
import { MAX_RATE } from '../load/fields/run-fields.js';
import { commandLine, redactArgs } from './redact.js';
import { planCommand, planLayers, type RunFlags } from './run-command.js';

/**
 * Flags of `lptf run` that a capacity search sets itself, or that have no meaning across its
 * steps: refused with what to use instead, never ignored.
 */
const NOT_IN_CAPACITY: Readonly<Record<string, string>> = {
  rate: 'a capacity search sets each step’s rate; give --max-rate (and --from-rate)',
  duration: 'each step lasts --step',
  stage: 'each step is a constant rate; give --max-rate and --step',
  startRate: 'each step is a constant rate; the first is --from-rate',
  connections: 'a closed loop has no rate to search; drop --connections',
  segment: 'a capacity search runs on one machine (more threads: --workers)',
  startAt: 'a capacity search starts at once',
  stream: 'a capacity search writes its steps to --out, not a stream',
  dashboard: 'a capacity search has no live dashboard; its progress is on stderr',
  prometheusRw: 'a capacity search pushes no metrics',
  checkpoint: 'a capacity search writes its result when it ends',
  watchCmd: 'a capacity search would start the service again for each step; start it yourself and use --watch-pid',
  coordinator: 'a capacity search runs on one machine (more threads: --workers)',
  coordinatorToken: 'a capacity search runs on one machine (more threads: --workers)',
};

/**
 * The `lptf capacity` command: the highest rate a target holds under the plan's checks, by
 * constant-rate steps (exponential, then a binary search, then a confirmation), with the knee of
 * latency against the rate and the headroom over `--target-rate`.
 *
 * @example
 * ```ts
 * program.addCommand(capacityCommand())
 * ```
 */
export function capacityCommand(): Command {
  const cmd = planCommand(
    new Command('capacity').description(
      'find the highest rate the target holds under the checks: constant-rate steps, doubling, then a binary search, then a confirmation; with the knee of latency against the rate and the headroom over --target-rate',
    ),
  );
  cmd
    .requiredOption('--max-rate <qps>', 'the highest rate to try, requests per second')
    .option('--from-rate <qps>', 'the first step’s rate (default: --max-rate / 64)')
    .option('--step <time>', 'how long each step sends', '10s')
    .option(
      '--precision <pct>',
      'end when the lowest failing rate is within this much above the highest passing one',
      '2%',
    )
    .option(
      '--target-rate <qps>',
      'the rate you must hold: the report says its headroom, and the exit code whether the capacity reaches it',
    );
  cmd.addHelpText(
    'after',
    `
Each step is a whole run at one rate, judged by the plan's checks (the run's own among them) and
by whether the target kept up (answered 99% of the arrivals planned in the step's second half); a
check decided failed stops its step. A step the generator cannot drive runs once more (a stall
of the machine can do that); a second time it ends the search: the generator is named as the
limit, never the target.

Exit codes: 0 the capacity was found (with --target-rate: it reaches it), 1 it was not (or is
below --target-rate), 2 bad usage or input, 3 inconclusive (the generator was the limit), 130 interrupted.

Examples:
  lptf capacity http://127.0.0.1:8080/ --max-rate 5000 --check "p(99) <= 100ms" --check "error_rate <= 0.1%"
  lptf capacity shop.load.ts --max-rate 2000 --target-rate 200 --step 15s -o capacity
  lptf capacity http://127.0.0.1:8080/widget --preset wechat-widget --cases normal=n.jsonl --max-rate 3000 --target-rate 200 --workers 2`,
  );
  cmd.action(async (url: string | undefined, flags: RunFlags) => {
    const problems: Problem[] = [];
    for (const [key, why] of Object.entries(NOT_IN_CAPACITY))
      if (flags[key] !== undefined) problems.push({ where: `--${kebab(key)}`, message: why });
    const number = (name: string, value: unknown, max: number): number | undefined => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!(Number.isFinite(n) && n > 0 && n <= max))
        problems.push({
          where: name,
          message: `"${String(value)}" is not a rate in requests per second, > 0 and at most ${max.toLocaleString('en-US')}`,
        });
      return n;
    };
    const maxRate = number('--max-rate', flags['maxRate'], MAX_RATE);
    const startRate = number('--from-rate', flags['fromRate'], MAX_RATE);
    const targetRate = number('--target-rate', flags['targetRate'], MAX_RATE);
    const stepMs = parseDuration(String(flags['step']), 's');
    if (stepMs === undefined || stepMs < 2000 || stepMs > 3_600_000)
      problems.push({ where: '--step', message: `"${String(flags['step'])}" is not a step time from 2s to 1h` });
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(String(flags['precision']));
    const precision = pct ? Number(pct[1]) / 100 : Number.NaN;
    if (!(precision >= 0.001 && precision <= 0.5))
      problems.push({
        where: '--precision',
        message: `"${String(flags['precision'])}" is not a precision from 0.1% to 50% (write 2%)`,
      });
    if (maxRate && startRate && startRate > maxRate)
      problems.push({ where: '--from-rate', message: `${startRate}/s is above --max-rate ${maxRate}/s` });
    if (maxRate && targetRate && targetRate > maxRate)
      problems.push({
        where: '--target-rate',
        message: `${targetRate}/s is above --max-rate ${maxRate}/s: the search could not show it holds`,
      });
    const out = flags['out'] as string | undefined;
    if (out && existsSync(join(out, 'capacity.json')) && flags['overwrite'] !== true)
      problems.push({ where: '--out', message: `${out} holds another capacity search; add --overwrite to replace it` });
    if (problems.length > 0) throw new InvalidInputError(problems);
    const layers = await planLayers(url, flags);
    const { startCapacitySearch } = await import('../load/capacity/capacity-search.js');
    const quiet = flags['quiet'] === true;
    const say = (line: string): unknown => !quiet && process.stderr.write(`lptf capacity: ${line}\n`);
    const search = startCapacitySearch({
      layers,
      maxRate: maxRate as number,
      startRate: startRate ?? Math.max(1, Math.round((maxRate as number) / 64)),
      precision,
      stepMs: stepMs as number,
      ...(targetRate ? { targetRate } : {}),
      command: commandLine(['lptf', ...redactArgs(process.argv.slice(2))]),
      onStepStart: (rate, i, confirmation, resolved) => {
        if (i === 0) for (const line of resolved.said) say(line.en);
        say(`step ${i + 1}: ${rate}/s for ${String(flags['step'])}${confirmation ? ' (again, to confirm)' : ''} …`);
      },
      onStep: (s, i) =>
        say(
          `step ${i + 1}: ${s.outcome === 'pass' ? 'pass' : s.outcome === 'fail' ? 'FAIL' : 'GENERATOR-LIMITED'} at ${s.rate}/s (sent ${s.achievedRate}/s, p99 ${s.p99 ?? 'n/a'}ms): ${s.why.en}`,
        ),
    });
    let signals = 0;
    const onSignal = (): void => {
      signals++;
      if (signals === 1) say('stopping after this step’s answers (press Ctrl-C again to quit at once)');
      else process.exit(EXIT.interrupted);
      search.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await search.result.finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    const { capacityKind } = await import('../load/capacity/capacity-kind.js');
    process.stdout.write(capacityKind.reporters.get('text').render(result));
    if (out) {
      const { writeReports } = await import('../output/index.js');
      const formats = ((flags['format'] as string[] | undefined) ?? []).flatMap((f) =>
        f === 'all' ? [...capacityKind.reporters.names()] : [f],
      );
      const files = await writeReports(capacityKind, result, out, formats);
      say(`wrote ${files.join(', ')}`);
    }
    process.exitCode =
      result.ended === 'interrupted'
        ? EXIT.interrupted
        : result.verdict === 'pass'
          ? EXIT.pass
          : result.verdict === 'inconclusive'
            ? EXIT.inconclusive
            : EXIT.checkFailed;
  });
  return cmd;
}

/** `prometheusRw` as its flag's name: `prometheus-rw`. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
