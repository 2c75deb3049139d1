import { shareBounds } from '../../core/checks/index.js';
import { Recorder } from '../../core/recorder/index.js';
import { redactUrl } from '../../core/redact/index.js';
import { sideClient } from '../../core/transport/index.js';
import {
  latencyBucketsSec,
  metricLabels,
  REMOTE_WRITE_HEADERS,
  RemoteWriteEncoder,
  runMetrics,
  type ServerFigure,
} from '../metrics/index.js';
import type { Plan } from '../plan/index.js';
import type { RunOutput } from './run-output.js';
import type { RunOutputKind } from './run-output-kinds.js';
import { recorderFor } from './run-parts.js';

/** A push slower than this is given up (and counted as failed); the run never waits for one. */
const PUSH_TIMEOUT_MS = 10_000;
/** How long the first push (before any traffic) and the last (after it) may take before they are given up. */
const END_WAIT_MS = 2_000;

/**
 * `--prometheus-rw <url>`: pushes the run's metrics (see `runMetrics`) to a Prometheus
 * remote-write endpoint once a second, as k6's output does, and once more with the final
 * figures. A push never holds the run up: at most one is in flight, a second that finds one
 * still going is skipped (counters are cumulative: only resolution is lost), and failures are
 * counted. The end of the run says what did not arrive.
 *
 * @example
 * ```ts
 * const sink = prometheusOutput('http://127.0.0.1:9090/api/v1/write', plan, 'a1b2c3d4')
 * ```
 */
export function prometheusOutput(url: string, plan: Plan, runId: string): RunOutput {
  const target = new URL(url);
  const path = target.pathname + target.search;
  let client = sideClient(target, PUSH_TIMEOUT_MS);
  const labels = metricLabels(plan, runId);
  const buckets = latencyBucketsSec(shareBounds([...plan.checks, ...plan.info]));
  const encoder = new RemoteWriteEncoder();
  let pushes = 0;
  let failed = 0;
  let skipped = 0;
  let lastError = '';
  let inflight: Promise<void> | undefined;
  /** The push given up on last: the only one that can be, as at most one is in flight. */
  let gaveUpOn = 0;
  /** Waits for the push in flight, at most END_WAIT_MS, then gives it up: its connection is dropped, and the next push opens another. */
  const settle = async (): Promise<void> => {
    if (!inflight) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      inflight.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), END_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!waited) {
      gaveUpOn = pushes;
      const dropped = client;
      client = sideClient(target, PUSH_TIMEOUT_MS);
      await dropped.close(true);
    }
    await inflight;
  };
  const push = (
    recorder: Pick<Recorder, 'overall' | 'groups'>,
    inflightRequests: number,
    servers: ServerFigure[],
  ): void => {
    if (inflight) {
      skipped++;
      return;
    }
    const n = ++pushes;
    const body = encoder.encode(
      runMetrics({ ...recorder, inflight: inflightRequests, targetRate: plan.rate, servers, buckets, labels }),
      Date.now(),
    );
    inflight = client
      .request(path, { method: 'POST', headers: REMOTE_WRITE_HEADERS, body })
      .then(({ status, text }) => {
        if (status >= 300) {
          failed++;
          lastError = `HTTP ${status}${text ? `: ${text.trim().slice(0, 200)}` : ''}`;
        }
      })
      .catch((err: Error) => {
        failed++;
        lastError = gaveUpOn === n ? `given up after ${END_WAIT_MS / 1000} s without an answer` : err.message;
      })
      .finally(() => {
        inflight = undefined;
      });
  };
  return {
    description: {
      en: `Prometheus remote write to ${redactUrl(url)}`,
      zh: `Prometheus remote write 推送到 ${redactUrl(url)}`,
    },
    async start() {
      // The run at zero, before the first request: rate() then starts from it, and the first push
      // (its connection, the encoder's labels, the code's first compilation) does not stall the
      // sends (a 4 s run at 1000/s had a send lateness p99 of 17 ms with it mid-run, measured).
      push(recorderFor(plan), 0, []);
      await settle();
    },
    add: ({ progress, recorder, servers }) =>
      push(
        recorder,
        progress.inflight,
        (servers ?? []).flatMap(({ name, sample }) => (sample ? [{ ...sample, name }] : [])),
      ),
    async stop(end) {
      await settle();
      if (end) {
        const last = (end.result.servers ?? []).flatMap((s) => {
          const at = s.seconds.at(-1);
          return at ? [{ ...at, name: s.name }] : [];
        });
        // The whole run's counts and latencies, without its seconds: merging every second of
        // them cost 70 ms of CPU at the end of a 20 s run at 1000/s, growing with the run
        // (measured), for a push that sends none of them.
        const state = end.measurement.recorder;
        const whole = new Recorder(state.boundsMs, state.slowMs);
        whole.absorb(state);
        push(whole, 0, last);
        await settle();
      }
      await client.close(true);
      return [];
    },
    afterword: () =>
      failed + skipped === 0
        ? undefined
        : `${pushes + skipped} pushes: ${failed} failed${lastError ? ` (last: ${lastError})` : ''}, ${skipped} skipped while the one before was still in flight; the run's own results are whole`,
  };
}

/** The output kind: one for a run given `--prometheus-rw`. */
export const prometheusOutputKind: RunOutputKind = {
  name: 'prometheus-remote-write',
  create: (plan, options) =>
    options.prometheusRw ? prometheusOutput(options.prometheusRw, plan, options.runId) : undefined,
};
