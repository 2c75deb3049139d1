import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { durationFlag } from './duration-flag.js';
import { wholeNumber } from './whole-number.js';

interface BarrierFlags {
  index: string;
  parties: string;
  id: string;
  timeout: string;
  lead: string;
}

/**
 * The `lptf pod` commands: what the pods of `lptf k8s` run around `lptf run`. `barrier` waits
 * until every segment is up and prints their common start (for `--start-at`); `emit` prints a
 * segment's measure.json as log lines (for `lptf merge --logs`).
 *
 * @example
 * ```ts
 * program.addCommand(podCommand())
 * ```
 */
export function podCommand(): Command {
  const pod = new Command('pod').description(
    'what lptf k8s pods run around lptf run (the start barrier, results as log lines)',
  );
  pod
    .command('barrier')
    .description(
      'wait until every segment has come, then print their common start (ms since the epoch) for lptf run --start-at',
    )
    .argument('<where>', 'a folder every segment shares, or tcp://host:port of segment 0 (which listens on port)')
    .requiredOption('--index <i>', 'this segment (0 to N-1)')
    .requiredOption('--parties <n>', 'segments that must come')
    .option('--id <id>', "the run's identity: a segment of an earlier run with another id is not counted", '')
    .option('--timeout <time>', 'fail (exit 3) when not every segment has come by then', '10m')
    .option('--lead <time>', 'the start is this long after the last segment came', '10s')
    .action(async (where: string, flags: BarrierFlags) => {
      const parties = wholeNumber('--parties', flags.parties, 1);
      const index = wholeNumber('--index', flags.index, 0);
      if (index >= parties) throw new UsageError(`--index: ${index} is not below --parties ${parties}`);
      const party = {
        id: flags.id,
        index,
        parties,
        timeoutMs: durationFlag('--timeout', flags.timeout),
        leadMs: durationFlag('--lead', flags.lead),
      };
      const { fileBarrier, tcpBarrier } = await import('../load/k8s/index.js');
      let startAtMs: number;
      if (where.startsWith('tcp://')) {
        const url = new URL(where);
        const port = Number(url.port);
        if (!url.hostname || !(port > 0)) throw new UsageError(`<where>: "${where}" is not tcp://host:port`);
        startAtMs = await tcpBarrier(url.hostname, port, party);
      } else startAtMs = await fileBarrier(where, party);
      process.stderr.write(`lptf: all ${parties} segments came; the start is ${new Date(startAtMs).toISOString()}\n`);
      process.stdout.write(`${startAtMs}\n`);
    });
  pod
    .command('emit')
    .description("print a segment's measure.json as log lines, for lptf merge --logs")
    .argument('<dir>', "the segment's --out folder")
    .requiredOption('--segment <i>', 'the segment it is')
    .action(async (dir: string, flags: { segment: string }) => {
      const { measureFrames } = await import('../load/k8s/index.js');
      const json = await readFile(join(dir, 'measure.json'), 'utf8').catch((err: Error) => {
        throw new UsageError(`${dir}: ${err.message}`);
      });
      for (const line of measureFrames(flags.segment, json)) process.stdout.write(`${line}\n`);
    });
  return pod;
}
