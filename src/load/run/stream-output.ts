import { closeSync, openSync, writeSync } from 'node:fs';
import type { SecondSummary } from '../../core/recorder/index.js';
import type { ProgressSnapshot } from '../progress/index.js';
import type { ServerSecond } from '../result/index.js';
import type { RunOutput } from './run-output.js';

/**
 * One line of the live stream: a second of the run as it closed (1-based, since the start), with
 * the wall-clock time the line was written, the answers of that second and their percentiles,
 * and the run's state then (requests in flight, the verdict so far).
 *
 * @example
 * ```ts
 * const line: StreamLine = { second: 1, time: '2026-11-30T10:00:01.002Z', sent: 200, ok: 199, failed: 1, dropped: 0, errors: { timeout: 1 }, p50: 20, p95: 31, p99: 40, max: 52, inflight: 3, verdict: 'passing' }
 * ```
 */
export interface StreamLine extends SecondSummary {
  readonly time: string;
  /** Requests in flight when the line was written; null for the seconds written at the end. */
  readonly inflight: number | null;
  readonly verdict: ProgressSnapshot['verdict'];
  /** Each watched server's latest reading (CPU, memory, …), if the run watches any. */
  readonly servers?: readonly ({ readonly name: string } & Partial<Omit<ServerSecond, 'second'>>)[];
}

/**
 * `--stream <file|->`: one NDJSON line per closed second, written (and so flushed) as the
 * second closes, for `tail -f` and `jq`. The seconds still open when the run ends are written
 * then, from the result. Writes are synchronous and a line is a few hundred bytes once a second:
 * nothing the send path would notice.
 *
 * @example
 * ```ts
 * const stream = streamOutput('-') // to stdout
 * ```
 */
export function streamOutput(path: string): RunOutput {
  let fd: number | undefined;
  let written = 0;
  // A write that failed (a full disk) stops the stream, not the run; the run's end reports it (exit 1).
  let failure: Error | undefined;
  const write = (
    seconds: readonly SecondSummary[],
    inflight: number | null,
    verdict: StreamLine['verdict'],
    servers: (second: number) => StreamLine['servers'],
  ): void => {
    if (failure || seconds.length <= written) return;
    const time = new Date().toISOString();
    const lines = seconds.slice(written).map((s) => {
      const watched = servers(s.second);
      return JSON.stringify({
        ...s,
        time,
        inflight,
        verdict,
        ...(watched ? { servers: watched } : {}),
      } satisfies StreamLine);
    });
    written = seconds.length;
    const text = `${lines.join('\n')}\n`;
    // stdout may be a pipe to a slow reader (jq): its own buffered writes, where a synchronous one could fail with EAGAIN.
    // A reader that went away (`| head -c 100`) lost the stream: the run's end says so (exit 1).
    if (path === '-')
      process.stdout.write(text, (err) => {
        if (err) failure ??= err;
      });
    else if (fd !== undefined)
      try {
        writeSync(fd, text);
      } catch (err) {
        failure = err as Error;
      }
  };
  return {
    description: {
      en: `stream to ${path === '-' ? 'stdout' : path}`,
      zh: `数据流输出到 ${path === '-' ? 'stdout' : path}`,
    },
    start() {
      if (path !== '-') fd = openSync(path, 'w');
    },
    add: ({ progress, recorder, servers }) =>
      write(recorder.series.closed(), progress.inflight, progress.verdict, () =>
        servers?.map(({ name, sample }) => {
          if (!sample) return { name };
          const { atMs: _, ...figures } = sample;
          return { name, ...figures };
        }),
      ),
    async stop(end) {
      const watched = end?.result.servers;
      if (end)
        write(end.result.series, null, end.result.passed ? 'passing' : 'failing', (second) =>
          watched?.map((s) => {
            const { second: _, ...figures } = s.seconds.find((x) => x.second === second) ?? { second };
            return { name: s.name, ...figures };
          }),
        );
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      // The last lines' fate, on stdout: known once they are flushed.
      if (path === '-' && !failure) await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
      if (failure) throw failure;
      return path === '-' || !end ? [] : [path];
    },
  };
}
