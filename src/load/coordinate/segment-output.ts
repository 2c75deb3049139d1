import { randomBytes } from 'node:crypto';
import { redactUrl } from '../../core/redact/index.js';
import { sideClient } from '../../core/transport/index.js';
import type { Plan } from '../plan/index.js';
import type { RunOutput, RunOutputKind } from '../run/index.js';
import { type CoordinatorReply, REPORT_PATH, type SegmentReport } from './segment-report.js';

/** A report not answered by then is given up (and counted): the next one carries its seconds again. */
const REPORT_TIMEOUT_MS = 5_000;
/** How long the last report (the whole measurement) may take before the segment gives up on it. */
const FINAL_TIMEOUT_MS = 30_000;

/**
 * `--coordinator <url>`: reports this segment to the test's coordinator about once a second
 * (its counts so far and the seconds closed since the last one the coordinator holds), and its
 * whole measurement at the end; stops the segment when the coordinator says the test is
 * decided or interrupted. A report never holds the run up: at most one is in flight, a second
 * that finds one going is skipped, and a failed one is sent again with the next (the coordinator
 * acknowledges the last second it holds). A coordinator that is gone costs the segment nothing:
 * its own results are whole, and the end says what did not arrive.
 *
 * @example
 * ```ts
 * const out = segmentOutput(plan, { url: 'http://coordinator:7071/', token: 's3cret-token' })
 * ```
 */
export function segmentOutput(plan: Plan, coordinator: { readonly url: string; readonly token?: string }): RunOutput {
  const target = new URL(coordinator.url);
  const base = target.pathname.replace(/\/$/, '');
  let client = sideClient(target, FINAL_TIMEOUT_MS);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(coordinator.token ? { authorization: `Bearer ${coordinator.token}` } : {}),
  };
  const segment = plan.segment ?? { index: 0, count: 1 };
  const instance = randomBytes(8).toString('hex');
  let held = 0;
  let sent = 0;
  let failed = 0;
  let lastError = '';
  let stopWhy: string | undefined;
  let test: { stop(endedEarly: string): void } | undefined;
  let inflight: Promise<void> | undefined;
  const post = (report: SegmentReport, timeoutMs: number): Promise<void> => {
    sent++;
    let timer: NodeJS.Timeout | undefined;
    const answer = client.request(`${base}${REPORT_PATH}`, {
      method: 'POST',
      headers,
      body: Buffer.from(JSON.stringify(report)),
    });
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return Promise.race([answer, late])
      .then(({ status, text }) => {
        if (status !== 200) throw new Error(`HTTP ${status}${text ? `: ${text.trim().slice(0, 300)}` : ''}`);
        const reply = JSON.parse(text) as CoordinatorReply;
        if (typeof reply.heldSecond === 'number') held = Math.max(held, reply.heldSecond);
        if (typeof reply.stop === 'string' && stopWhy === undefined) {
          stopWhy = reply.stop.slice(0, 1000);
          test?.stop(`its coordinator stopped the whole test (${stopWhy})`);
        }
      })
      .catch(async (err: Error) => {
        failed++;
        lastError = err.message;
        // A connection left with an unanswered request is dropped: the next report opens another.
        const dropped = client;
        client = sideClient(target, FINAL_TIMEOUT_MS);
        await dropped.close(true).catch(() => undefined);
      })
      .finally(() => clearTimeout(timer));
  };
  return {
    description: { en: `coordinator at ${redactUrl(coordinator.url)}`, zh: `协调端 ${redactUrl(coordinator.url)}` },
    start() {},
    follow(t) {
      test = t;
    },
    add({ progress, recorder }) {
      if (inflight) return;
      const report: SegmentReport = {
        schema: 'lptf.segment-report/1',
        segment,
        instance,
        elapsedMs: Math.max(0, progress.elapsedMs),
        inflight: progress.inflight,
        state: recorder.state(held + 1),
      };
      inflight = post(report, REPORT_TIMEOUT_MS).finally(() => {
        inflight = undefined;
      });
    },
    async stop(end) {
      await inflight;
      if (end) {
        const { measurement } = end;
        await post(
          {
            schema: 'lptf.segment-report/1',
            segment,
            instance,
            elapsedMs: measurement.timing.totalMs,
            inflight: 0,
            state: { ...measurement.recorder, seconds: [] },
            final: measurement,
          },
          FINAL_TIMEOUT_MS,
        );
      }
      await client.close(true).catch(() => undefined);
      return [];
    },
    afterword: () =>
      failed === 0
        ? undefined
        : `${failed} of ${sent} reports did not arrive (last: ${lastError}); this segment's own results are whole: merge them with lptf merge`,
  };
}

/** The output kind: one for a run given `--coordinator`. */
export const segmentOutputKind: RunOutputKind = {
  name: 'coordinator',
  create: (plan, options) => (options.coordinator ? segmentOutput(plan, options.coordinator) : undefined),
};
