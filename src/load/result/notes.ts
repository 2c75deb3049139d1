import type { LatencySummary, RequestCounts } from '../../core/recorder/index.js';

/**
 * Plain-language notes a reader needs to trust (or distrust) a run's figures: the target was
 * down, arrivals were dropped, the run was interrupted.
 *
 * @example
 * ```ts
 * runNotes({ requests, errors: { refused: 6000 }, url, interrupted: false, maxInflight: 1000, queueCapacity: 2000 })
 * // ['The target was down: all 6000 completed requests were refused (connection refused at http://…)']
 * ```
 */
export function runNotes(input: {
  requests: RequestCounts;
  errors: Readonly<Record<string, number>>;
  url: string;
  interrupted: boolean;
  maxInflight: number;
  queueCapacity: number;
}): string[] {
  const { requests: r, errors } = input;
  const notes: string[] = [];
  const refused = errors['refused'] ?? 0;
  if (refused > 0 && refused === r.completed) {
    notes.push(
      `The target was down: all ${refused} completed requests were refused (connection refused at ${input.url}).`,
    );
  } else if (refused > 0) {
    notes.push(`The target was down for part of the run: ${refused} of ${r.completed} requests were refused.`);
  }
  const timeouts = errors['timeout'] ?? 0;
  if (timeouts > 0)
    notes.push(`${timeouts} request(s) timed out; each counts as failed and as slower than every bound.`);
  if (r.dropped > 0) {
    notes.push(
      `${r.dropped} arrival(s) were dropped: ${input.maxInflight} requests were in flight and the wait queue (${input.queueCapacity}) was full; the target could not keep up.`,
    );
  }
  if (input.interrupted)
    notes.push(
      `The run was interrupted: the figures cover the ${r.scheduled} requests that came due before it stopped.`,
    );
  return notes;
}

/**
 * Why the generator's own figures make the run suspect, if they do. Waiting in the queue for
 * a free slot is the target's doing and is not counted here; only the generator's lateness
 * in handling arrivals and its event-loop stalls are.
 *
 * @example
 * ```ts
 * generatorReasons({ ...lateness, p99: 14 }, 3) // ['late sends: p99 send lateness 14 ms (over 10 ms)']
 * ```
 */
export function generatorReasons(lateness: LatencySummary, eventLoopP99Ms: number): string[] {
  const reasons: string[] = [];
  if ((lateness.p99 ?? 0) > 10) reasons.push(`late sends: p99 send lateness ${lateness.p99} ms (over 10 ms)`);
  if (eventLoopP99Ms > 20) reasons.push(`event-loop stalls: p99 delay ${eventLoopP99Ms} ms (over 20 ms)`);
  return reasons;
}
