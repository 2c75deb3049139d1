import type { CaseFileSpec } from '../../core/cases/index.js';
import type { Check } from '../../core/checks/index.js';
import type { Stage } from '../../core/schedule/index.js';
import type { Template } from '../../core/template/index.js';
import type { WatchPlan } from '../../core/watch/index.js';
import type { FieldValue } from '../fields/field.js';
import {
  type CHECKS,
  type CLIENT,
  type DURATION,
  type FOLLOW_REDIRECTS,
  type LANG,
  type MAX_INFLIGHT,
  RUN_FIELDS,
  type TIMEOUT,
  type WARMUP,
  type WORKERS,
} from '../fields/run-fields.js';
import type { BoundProtocol } from '../protocol/protocol.js';
import type { Segment } from './segment.js';

/**
 * The languages of the console and Markdown reports.
 *
 * @example
 * ```ts
 * const lang: Lang = 'en'
 * ```
 */
export type Lang = FieldValue<typeof LANG>;

/**
 * A validated load-test plan: what is sent, how hard and how it is judged, with defaults applied.
 * Where the results go (`--out`, formats, progress, the dashboard) is not the plan's business: see
 * `RunOutputs`.
 *
 * @example
 * ```ts
 * const plan = await resolvePlan([{ url: { value: 'http://127.0.0.1:8080/', where: '<url>' } }])
 * plan.rate // 200
 * ```
 */
export interface Plan {
  /** The target URL as given (may hold placeholders in its path or query). */
  readonly url: string;
  /** Scheme, host and port. */
  readonly origin: string;
  /** Path and query, as a template (`{{case.url}}` may appear in it). */
  readonly path: Template;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Template;
  /**
   * Requests per second of the open model (with stages, their mean: planned requests over the
   * duration); in a closed loop, 0 (no rate: as fast as answers come).
   */
  readonly rate: number;
  /** The arrival rate's stages (`--stage`), when it ramps; `durationMs` is then their sum. */
  readonly stages?: readonly Stage[];
  /** With stages: the rate the first starts from. */
  readonly startRate?: number;
  /**
   * When scenarios have arrivals of their own (a rate or stages): every part of the run's
   * schedule, sent as one (see `unionSchedule`); then `rate` and `durationMs` are the whole's,
   * and `stages` is unset (each part has its own).
   */
  readonly parts?: readonly ArrivalPart[];
  /** A load file's scenarios and their shares of the arrivals (then `method` and `path` are not what is sent). */
  readonly scenarios?: readonly { readonly name: string; readonly share: number; readonly steps?: number }[];
  /** Set for a closed loop (`--connections`): this many connections, each sending its next request when the last is answered. */
  readonly connections?: number;
  readonly durationMs: FieldValue<typeof DURATION>;
  readonly maxInflight: FieldValue<typeof MAX_INFLIGHT>;
  readonly queueCapacity: number;
  readonly timeoutMs: FieldValue<typeof TIMEOUT>;
  /** Redirects each request follows before it is judged (`--follow-redirects`). */
  readonly followRedirects: FieldValue<typeof FOLLOW_REDIRECTS>;
  /** Real requests before the measured start, recorded apart (`--warmup`); none if unset. */
  readonly warmup?: FieldValue<typeof WARMUP>;
  readonly cases: readonly CaseFileSpec[];
  /** Checks that decide pass or fail. */
  readonly checks: FieldValue<typeof CHECKS>;
  /** Checks shown for information only (a preset's end-to-end figures). */
  readonly info: readonly Check[];
  /** Accepted statuses, as given (e.g. `200-399`). */
  readonly okStatus: string;
  readonly isOk: (status: number) => boolean;
  readonly seed: number;
  readonly preset?: string;
  /** The language of the reports (recorded in the result, so a re-rendered report keeps it). */
  readonly lang: Lang;
  /** The HTTP client: lptf's own HTTP/1.1 client (`h1`, the default) or undici. */
  readonly client: FieldValue<typeof CLIENT>;
  /** This instance's segment of a test spread over several (`--segment i/N`); none runs it whole. */
  readonly segment?: Segment;
  /** When the schedule starts, in ms since the epoch (`--start-at`), so segments start together; now if unset. */
  readonly startAtMs?: number;
  /** https: accept any certificate (`--insecure`). */
  readonly insecure: boolean;
  /** Worker threads that send (the schedule is striped across them); 1 sends from the main thread. */
  readonly workers: FieldValue<typeof WORKERS>;
  /** What the requests speak (plain HTTP unless a preset or `--protocol` says otherwise), bound to this plan. */
  readonly protocol: BoundProtocol;
  /** The servers watched beside the load (`--watch-pid`, `--watch-cmd`, `--watch-node-exporter`). */
  readonly watch: WatchPlan;
}

/**
 * One part of a run's arrivals: a scenario's own, or (without `scenario`) the pool the other
 * scenarios share by weight, at the plan's rate or stages.
 *
 * @example
 * ```ts
 * const p: ArrivalPart = { scenario: 'health', rate: 5, durationMs: 60_000 }
 * ```
 */
export interface ArrivalPart {
  readonly scenario?: string;
  /** Its requests per second (with stages, their mean). */
  readonly rate: number;
  readonly durationMs: number;
  readonly stages?: readonly Stage[];
  readonly startRate?: number;
}

/** Seconds of arrivals the wait queue holds when `--queue` is not given. */
export const QUEUE_SECONDS = 10;

/**
 * The defaults of the fields nobody set, as the field table declares them (for the library's users).
 *
 * @example
 * ```ts
 * PLAN_DEFAULTS.rate // 200
 * ```
 */
export const PLAN_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  RUN_FIELDS.flatMap((f) => (f.fallback === undefined ? [] : [[f.key, f.fallback]])),
);
