import { Command } from 'commander';
import { InvalidInputError, type Problem } from '../core/errors/index.js';
import { ownFields } from '../load/plan/plan-fields.js';
import { durationFlag } from './duration-flag.js';
import { commandLine, redactArgs } from './redact.js';
import { addFieldOptions, planCommand, planLayers, type RunFlags } from './run-command.js';
import { wholeNumber } from './whole-number.js';

interface CoordinateFlags extends RunFlags {
  segments: string;
  listen: string;
  lostAfter: string;
  joinTimeout: string;
  linger: string;
}

/** Plan fields that belong to a segment, not to the coordinator of all of them: refused by name. */
const SEGMENT_ONLY = ['segment', 'startAt', 'coordinator', 'workers'] as const;

/**
 * `lptf coordinate`: the one process a distributed test's segments report to. It takes the same
 * plan as the segments (a load file, a config, flags) for its checks and schedule, merges their
 * seconds live, judges the whole test, serves its dashboard and `/metrics`, pushes remote write
 * once for the whole, stops every segment when a check decides the run or on Ctrl-C, and writes
 * the merged result (`lptf merge` of the segments, exactly). Exit code: the whole test's.
 *
 * @example
 * ```ts
 * program.addCommand(coordinateCommand())
 * ```
 */
export function coordinateCommand(): Command {
  const cmd = planCommand(
    new Command('coordinate').description(
      'coordinate a test run as N segments elsewhere (lptf run --segment i/N --coordinator <url>): merge their seconds live, judge the whole test, stop them all when it is decided',
    ),
  );
  addFieldOptions(
    cmd,
    ownFields().filter((f) => f.group === 'watch'),
  );
  cmd
    .requiredOption('--segments <n>', 'how many segments report (each run with --segment i/N)')
    .option(
      '--listen <host:port>',
      'where the segments report (0.0.0.0:7071 in a cluster; port 0 for any)',
      '127.0.0.1:7071',
    )
    .option('--lost-after <time>', 'a segment silent this long is named lost, and the result marked incomplete', '5s')
    .option('--join-timeout <time>', "how long to wait for a segment's first report", '10m')
    .option(
      '--linger <time>',
      'after the end, wait this long for a follower (lptf follow) to read it; not at all when none follows',
      '0s',
    );
  cmd.addHelpText(
    'after',
    `
Example (three segments on this machine; in Kubernetes, lptf k8s writes the same):
  lptf coordinate checkout.load.ts --segments 3 --listen 127.0.0.1:7071 -o merged --dashboard
  lptf run checkout.load.ts --segment 0/3 --coordinator http://127.0.0.1:7071/ -o seg-0   # and 1/3, 2/3
  lptf follow http://127.0.0.1:7071/     # from anywhere that reaches it: progress, then the report and exit code`,
  );
  cmd.action(async (url: string | undefined, flags: CoordinateFlags) => {
    const segments = wholeNumber('--segments', flags.segments, 1, 10_000);
    const listen = listenAddress(flags.listen);
    const lostAfterMs = durationFlag('--lost-after', flags.lostAfter);
    const joinTimeoutMs = durationFlag('--join-timeout', flags.joinTimeout);
    const lingerMs = durationFlag('--linger', flags.linger);
    const layers = await planLayers(url, flags);
    const { pickField } = await import('../load/fields/field.js');
    const problems: Problem[] = [];
    for (const key of SEGMENT_ONLY) {
      const given = pickField(layers, key);
      if (given)
        problems.push({
          where: given.where,
          message: `a segment's, not the coordinator's: give it to each lptf run --segment i/${segments}`,
        });
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    const { executeRun, processIo } = await import('./execute-run.js');
    const { startCoordinator } = await import('../load/coordinate/index.js');
    const { startWatchedTest } = await import('../load/run/index.js');
    const { watchesAnything } = await import('../core/watch/index.js');
    let coordinator: ReturnType<typeof startCoordinator> | undefined;
    let token: string | undefined;
    const command = commandLine(['lptf', ...redactArgs(process.argv.slice(2))]);
    const { code } = await executeRun(
      layers,
      processIo(),
      command,
      (resolved, options) => {
        const start: typeof startCoordinator = (r, o) => {
          coordinator = startCoordinator(r, o);
          return coordinator;
        };
        const o = {
          ...options,
          segments,
          listen,
          lostAfterMs,
          joinTimeoutMs,
          ...(token ? { token } : {}),
          onListening: (at: string) =>
            process.stderr.write(
              `lptf: coordinator listening on ${at}: start ${segments} segment(s) with lptf run <the same plan> --segment i/${segments} --coordinator ${at}\n`,
            ),
          say: (line: string) => process.stderr.write(`lptf: ${line}\n`),
        };
        return watchesAnything(resolved.plan.watch)
          ? startWatchedTest(resolved, options, (r, opts) => start(r, { ...o, ...opts }))
          : start(resolved, o);
      },
      (_, outputs) => {
        token = outputs.coordinatorToken;
      },
    );
    await coordinator?.lingerFor(lingerMs);
    await coordinator?.close();
    process.exitCode = code;
  });
  return cmd;
}

/** `host:port`, `[::1]:7071` or a port alone. */
function listenAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port > 65_535)
    throw new InvalidInputError([
      { where: '--listen', message: `"${text}" is not host:port (e.g. 127.0.0.1:7071, 0.0.0.0:7071, [::1]:7071)` },
    ]);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}
