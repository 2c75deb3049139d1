import { LptfError } from '../../core/errors/index.js';

/**
 * What a segment brings to the start barrier: who it is, how many must meet, how long it waits.
 * The barrier's answer is the common start (ms since the epoch), `leadMs` after the last one
 * arrived: every segment gets the same, so the schedule's seconds line up in the merge.
 *
 * @example
 * ```ts
 * const p: BarrierParty = { id: 'b1f…', index: 0, parties: 4, timeoutMs: 600_000, leadMs: 10_000 }
 * ```
 */
export interface BarrierParty {
  /** The run's identity (the Job's uid): a party of an earlier run of the same name is not counted. */
  readonly id: string;
  readonly index: number;
  readonly parties: number;
  readonly timeoutMs: number;
  readonly leadMs: number;
  /** The clock (tests shift it); Date.now by default. */
  readonly now?: () => number;
}

/**
 * Not every party came within the deadline: the segment must not start alone (exit 3, so a pod
 * fails and says why, where a failed check would be exit 1).
 *
 * @example
 * ```ts
 * throw new BarrierTimeoutError('2 of 4 segments came within 10 min: 0, 2')
 * ```
 */
export class BarrierTimeoutError extends LptfError {
  constructor(message: string) {
    super(message, 'LPTF_BARRIER_TIMEOUT', 3);
  }
}

/**
 * The message when the deadline passes: how many came, and which.
 *
 * @example
 * ```ts
 * lateMessage(party, [0, 2]) // '2 of 4 segments reached the start barrier within 600 s (0, 2): …'
 * ```
 */
export function lateMessage(party: BarrierParty, came: readonly number[]): string {
  const missing = Array.from({ length: party.parties }, (_, i) => i).filter((i) => !came.includes(i));
  return `${came.length} of ${party.parties} segments reached the start barrier within ${party.timeoutMs / 1000} s; missing: ${missing.join(', ')} (are their pods scheduled? kubectl get pods shows them)`;
}
