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
  const host = hostOf(input.url);
  const dns = errors['dns'] ?? 0;
  if (dns > 0)
    notes.push(
      `The target's host name did not resolve (dns: ${dns}): check "${host}" in the URL, or give the address instead.`,
    );
  const handshake = errors['tls_handshake'] ?? 0;
  if (handshake > 0)
    notes.push(
      `The TLS handshake failed (tls_handshake: ${handshake}): an https:// URL to a port that speaks plain HTTP does this; try http://${host}.`,
    );
  const certificate = errors['tls_certificate'] ?? 0;
  if (certificate > 0)
    notes.push(
      `The target's certificate was not trusted (tls_certificate: ${certificate}): a test service's self-signed certificate needs -k/--insecure.`,
    );
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

/**
 * What held a run's load back, when its `delivered` check failed: the in-flight limit (arrivals
 * waited for a free slot and went out after the schedule, or were dropped), the generator, or
 * the target refusing or timing out.
 *
 * @example
 * ```ts
 * deliveryNote({ achievedRate: 10.3, rate: 50, delivered: 0.206, requests, errors: {}, maxInflight: 5, queueCapacity: 500, scheduleSec: 10, windowSec: 48.5, behind: false })
 * // 'The planned load was not delivered: 10.3/s of 50/s (20.6%). What held it back: the in-flight limit: …'
 * ```
 */
export function deliveryNote(input: {
  achievedRate: number;
  rate: number;
  delivered: number;
  requests: RequestCounts;
  errors: Readonly<Record<string, number>>;
  maxInflight: number;
  queueCapacity: number;
  scheduleSec: number;
  windowSec: number;
  behind: boolean;
}): string {
  const { requests: r, errors } = input;
  const reasons: string[] = [];
  const afterSec = input.windowSec - input.scheduleSec;
  if (r.dropped > 0 || afterSec >= 1) {
    const held = [
      ...(afterSec >= 1 ? [`the last request went out ${afterSec.toFixed(1)} s after the schedule ended`] : []),
      ...(r.dropped > 0 ? [`${r.dropped} arrival(s) found the wait queue (${input.queueCapacity}) full`] : []),
    ];
    reasons.push(
      `the in-flight limit: ${input.maxInflight} requests were out at once and later arrivals waited (${held.join('; ')}); the target answered too slowly for that limit, so raise --max-inflight or lower the rate`,
    );
  }
  if (input.behind) reasons.push('the generator fell behind its schedule (see the generator-limited note)');
  const refused = errors['refused'] ?? 0;
  if (refused > 0) reasons.push(`the target refused ${refused} connection(s)`);
  const timeouts = errors['timeout'] ?? 0;
  if (timeouts > 0) reasons.push(`${timeouts} request(s) held a slot until they timed out`);
  if (r.cancelled > 0) reasons.push(`${r.cancelled} request(s) were cancelled when the run stopped`);
  const pct = `${(input.delivered * 100).toFixed(1)}%`;
  const why = reasons.length > 0 ? reasons.join('; ') : 'nothing lptf measured; look at the generator and the network';
  return `The planned load was not delivered: ${input.achievedRate}/s of ${input.rate}/s (${pct}). What held it back: ${why}.`;
}

/** The host (and port) of a URL for a note, or the text itself if it is no URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
