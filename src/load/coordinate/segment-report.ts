import * as v from 'valibot';
import { InvalidInputError } from '../../core/errors/index.js';
import type { RecorderState } from '../../core/recorder/index.js';
import { checkedMeasurement, checkedRecorderState, count, figure, type Measurement } from '../result/index.js';

/** Where a segment posts its reports on the coordinator. */
export const REPORT_PATH = '/report';
/** Where `lptf follow` reads the whole test's state. */
export const STATUS_PATH = '/status';
/**
 * The largest report the coordinator reads. A second's report is a few kB per group; the last
 * carries the segment's whole `measure.json` (about 2.5 kB a second of run: 4.5 MB for 30
 * minutes, measured on the demo), so this holds a day's run with room to spare.
 */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/**
 * What a segment tells its coordinator about once a second: its counts so far (the whole run's
 * figures, and the seconds closed since the last report the coordinator acknowledged), and at
 * its end its `measure.json`. Times are the segment's own (ms since its schedule started), so a
 * segment whose clock is off keeps its place in the schedule.
 *
 * @example
 * ```ts
 * const r: SegmentReport = { schema: 'lptf.segment-report/1', segment: { index: 0, count: 3 }, instance: '9f3a0c1d', elapsedMs: 5012, inflight: 3, state }
 * ```
 */
export interface SegmentReport {
  readonly schema: 'lptf.segment-report/1';
  readonly segment: { readonly index: number; readonly count: number };
  /** A random id of the reporting process: a second process claiming the same segment is refused. */
  readonly instance: string;
  /** Ms since the segment's schedule started (0 before it starts). */
  readonly elapsedMs: number;
  readonly inflight: number;
  /** Counts so far; `seconds` holds only those after the last second the coordinator acknowledged. */
  readonly state: RecorderState;
  /** The segment's whole measurement, once it has ended. */
  readonly final?: Measurement;
}

/**
 * The coordinator's answer: the last second it holds of this segment and, once the whole test
 * is decided or interrupted, why the segment must stop.
 *
 * @example
 * ```ts
 * const reply: CoordinatorReply = { heldSecond: 12, stop: '"error_rate <= 1%" was decided failed on the whole test at 3.2s' }
 * ```
 */
export interface CoordinatorReply {
  readonly heldSecond: number;
  readonly stop?: string;
}

const HEAD = v.object({
  schema: v.literal('lptf.segment-report/1'),
  segment: v.object({ index: count, count: v.pipe(count, v.minValue(1), v.maxValue(10_000)) }),
  instance: v.pipe(v.string(), v.regex(/^[0-9a-f]{8,32}$/, 'not an instance id')),
  elapsedMs: v.pipe(figure, v.maxValue(1e10)),
  inflight: count,
  state: v.unknown(),
  final: v.optional(v.unknown()),
});

/**
 * A report as the coordinator received it, checked as a file read back is (never trusted):
 * its head by schema, its state's seconds in order and within the time it reports, its
 * histograms decodable, its final measurement whole.
 *
 * @example
 * ```ts
 * const report = checkedReport(JSON.parse(body), 'segment report from 10.0.0.7')
 * ```
 */
export function checkedReport(value: unknown, where: string): SegmentReport {
  const head = v.safeParse(HEAD, value);
  if (!head.success)
    throw new InvalidInputError(
      head.issues.slice(0, 10).map((i) => ({
        where: `${where} ${v.getDotPath(i) ?? ''}`.trim(),
        message: i.message,
      })),
    );
  const h = head.output;
  if (h.segment.index >= h.segment.count)
    throw new InvalidInputError([{ where: `${where} segment`, message: 'index must be below count' }]);
  const lastSecond = Math.ceil(h.elapsedMs / 1000) + 2;
  const final = h.final === undefined ? undefined : checkedMeasurement(h.final, `${where} final`);
  const state = checkedRecorderState(h.state, `${where} state`, 1, final ? Number.MAX_SAFE_INTEGER : lastSecond);
  return { ...h, segment: h.segment, state, ...(final ? { final } : {}) } as SegmentReport;
}
