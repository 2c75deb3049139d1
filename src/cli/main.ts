#!/usr/bin/env node
import module from 'node:module';
// First: the protocols, presets and result types the commands offer.
import '../builtins.js';
import { Command, CommanderError } from 'commander';
import { LptfError } from '../core/errors/index.js';
import { EXIT } from '../core/exit-codes.js';
import { TOOL } from '../core/version.js';
import { benchCommand } from './bench-command.js';
import { capacityCommand } from './capacity-command.js';
import { compareCommand } from './compare-command.js';
import { coordinateCommand } from './coordinate-command.js';
import { followCommand } from './follow-command.js';
import { initCommand } from './init-command.js';
import { k8sCommand } from './k8s-command.js';
import { mergeCommand } from './merge-command.js';
import { podCommand } from './pod-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { casesCommand } from './widget/cases-command.js';
import { demoCommand } from './widget/demo-command.js';
import { widgetCommand } from './widget/widget-command.js';

// Node >= 22.1 can cache compiled code between runs: start-up is mostly module compilation.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `lptf … | head` closes the pipe early; that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

const program = new Command('lptf')
  .description('Lightweight Performance Testing Framework: open-model load tests that report the truth')
  .version(TOOL.version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addCommand(initCommand())
  .addCommand(runCommand())
  .addCommand(capacityCommand())
  .addCommand(demoCommand())
  .addCommand(widgetCommand())
  .addCommand(casesCommand())
  .addCommand(reportCommand())
  .addCommand(compareCommand())
  .addCommand(mergeCommand())
  .addCommand(coordinateCommand())
  .addCommand(followCommand())
  .addCommand(k8sCommand())
  .addCommand(podCommand())
  .addCommand(benchCommand());
const strict = (cmd: Command): void => {
  cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  cmd.commands.forEach(strict);
};
program.commands.forEach(strict);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not errors; every other parse error is bad usage (exit 2, not 1).
    process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
  } else if (err instanceof LptfError) {
    process.stderr.write(`lptf: ${err.message}\n`);
    process.exitCode = err.exitCode;
    // Given up on while user code still ran (a setup() that never ends): what it holds open
    // (a socket, a timer) must not keep the process up after the user asked it to stop.
    if (err.code === 'LPTF_INTERRUPTED') process.exit(err.exitCode);
  } else {
    process.stderr.write(`lptf: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 70;
  }
}
