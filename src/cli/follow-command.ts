import { Command } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { EXIT, runExitCode } from '../core/exit-codes.js';

/** How often the coordinator is asked. */
const POLL_MS = 1000;
/** A coordinator not answering this long is gone. */
const GONE_AFTER_MS = 15_000;

/**
 * `lptf follow <coordinator-url>`: a distributed test from a laptop. Prints the whole test's
 * progress line each second (with each segment's state when one is waiting or lost), then its
 * report, and exits with its code, as `lptf run` would. In Kubernetes, reach the coordinator with
 * `kubectl port-forward service/<name>-coordinator 7071`.
 *
 * @example
 * ```ts
 * program.addCommand(followCommand())
 * ```
 */
export function followCommand(): Command {
  return new Command('follow')
    .description('follow a coordinated test (lptf coordinate, lptf k8s): its progress, then its report and exit code')
    .argument('<url>', "the coordinator's address, e.g. http://127.0.0.1:7071/")
    .option('--coordinator-token <token>', "the coordinator's token (or LPTF_COORDINATOR_TOKEN)")
    .action(async (url: string, flags: { coordinatorToken?: string }) => {
      let base: URL;
      try {
        base = new URL(url);
      } catch {
        throw new UsageError(`"${url}" is not a URL: give the coordinator's, e.g. http://127.0.0.1:7071/`);
      }
      const token = flags.coordinatorToken ?? process.env['LPTF_COORDINATOR_TOKEN'];
      const { STATUS_PATH } = await import('../load/coordinate/index.js');
      const { progressLine } = await import('../load/progress/progress-line.js');
      const { checkedRunResult } = await import('../load/result/index.js');
      const { textReport } = await import('../load/report/index.js');
      const statusUrl = new URL(STATUS_PATH, base);
      let lastOk = Date.now();
      let lastError = '';
      const tty = process.stderr.isTTY === true;
      for (;;) {
        try {
          const answer = await fetch(statusUrl, {
            headers: token ? { authorization: `Bearer ${token}` } : {},
            signal: AbortSignal.timeout(5000),
          });
          if (answer.status === 401) throw new UsageError('the coordinator asks for a token: give --coordinator-token');
          if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
          const status = (await answer.json()) as {
            segments?: { segment: string; state: string }[];
            progress?: Parameters<typeof progressLine>[0];
            result?: unknown;
          };
          lastOk = Date.now();
          if (status.result !== undefined) {
            if (tty) process.stderr.write('\n');
            const result = checkedRunResult(status.result, statusUrl.href);
            process.stdout.write(textReport(result));
            process.exitCode = runExitCode(result);
            return;
          }
          const odd = (status.segments ?? []).filter((s) => s.state !== 'running' && s.state !== 'done');
          const line = `${status.progress ? progressLine(status.progress) : 'waiting for the segments'}${odd.length > 0 ? ` · ${odd.map((s) => `${s.segment} ${s.state}`).join(', ')}` : ''}`;
          process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
        } catch (err) {
          if (err instanceof UsageError) throw err;
          lastError = (err as Error).message;
          if (Date.now() - lastOk > GONE_AFTER_MS) {
            process.stderr.write(
              `${tty ? '\n' : ''}lptf: the coordinator at ${statusUrl.origin} has not answered for ${GONE_AFTER_MS / 1000} s (${lastError}): the test's result is in its --out folder, and each segment's in its own\n`,
            );
            process.exitCode = EXIT.inconclusive;
            return;
          }
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
}
