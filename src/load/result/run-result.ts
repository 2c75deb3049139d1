import type { CheckResult, Decision } from '../../core/checks/index.js';
import type {
  LatencySummary,
  PhasesSummary,
  RequestCounts,
  SecondSummary,
  SpectrumPoint,
  WireSummary,
} from '../../core/recorder/index.js';
import type { LifecycleFigures } from './lifecycle-figures.js';
import type { Said } from './notes.js';
import type { ServerResult } from './server-result.js';
import type { Verdict } from './verdict.js';
import type { WarmupResult } from './warmup-result.js';

/**
 * The figures of one scope: the whole run, or one case group.
 *
 * @example
 * ```ts
 * result.groups.normal.latencyMs.p95
 * ```
 */
export interface ScopeResult {
  readonly requests: RequestCounts;
  /** Requests sent per second over the window the sends took. */
  readonly achievedRate: number;
  /** Latency of OK answers, timed from the intended send time. */
  readonly latencyMs: LatencySummary;
  /** The distribution of `latencyMs`: percentile → ms, dense towards the tail. */
  readonly spectrum: readonly SpectrumPoint[];
  /** Latency of OK answers, timed from the actual send (what the server alone took). */
  readonly serviceTimeMs: LatencySummary;
  /** Exact shares for every bound the checks use, keyed like `<=170ms` or `>870ms`; null if nothing was decided. */
  readonly shares: Readonly<Record<string, number | null>>;
  /** Failures by kind: `refused`, `timeout`, `http_503`, … */
  readonly errors: Readonly<Record<string, number>>;
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Answers by reply code (a protocol's own code, such as the widget's `err_code`); empty for plain HTTP. */
  readonly errCodes: Readonly<Record<string, number>>;
  /** Answers (counted in `ok`, timed) whose content was not what their case expected, by kind (`unexpected_err_code`). */
  readonly unexpected: Readonly<Record<string, number>>;
  /** What the protocol tallied of the answers (the widget: `lifespan=60`, the cache time each reply declares). */
  readonly tallies: Readonly<Record<string, number>>;
  /** The first few examples of each failure kind, credentials redacted. */
  readonly examples: Readonly<Record<string, readonly string[]>>;
  /** Tolerated oddities of the answers, counted (e.g. `data` sent as an object). */
  readonly replyWarnings: Readonly<Record<string, number>>;
  /**
   * Where the answers' time went on the wire (k6's waiting, receiving, connecting, tls_handshaking):
   * time to first byte and download over every answer; connect and TLS over the connections opened
   * for a request during the run (their count). Absent when the transport timed none.
   */
  readonly wire?: WireSummary;
}

/**
 * A stage of the planned arrival rate, as a result states it.
 *
 * @example
 * ```ts
 * const s: StageResult = { name: 'steady', durationSec: 1800, target: 200 }
 * ```
 */
export interface StageResult {
  readonly name: string;
  readonly durationSec: number;
  /** Requests per second at its end (it moves in a straight line from the rate before it). */
  readonly target: number;
}

/**
 * How the load generator itself fared: if it fell behind, the figures are not the target's.
 *
 * @example
 * ```ts
 * if (result.generator.behind) console.warn(result.generator.reasons)
 * ```
 */
export interface GeneratorHealth {
  /** How late the generator handled each arrival after its due time. */
  readonly latenessMs: LatencySummary;
  /** Event-loop delay of the generator's process. */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** CPU time (user + system) per request sent, in µs. */
  readonly cpuPerRequestUs: number | null;
  /** Peak resident memory of the generator's process, in MB. */
  readonly maxRssMB: number;
  readonly behind: boolean;
  readonly reasons: readonly Said[];
}

/**
 * Everything a load run measured, aggregated and frozen: reporters only read it. Written as
 * `summary.json`.
 *
 * @example
 * ```ts
 * const result = await runLoadTest(resolved)
 * result.checks.every((c) => c.pass) === result.passed
 * ```
 */
export interface RunResult extends ScopeResult {
  readonly schema: 'lptf.run/1';
  readonly tool: { readonly name: string; readonly version: string };
  readonly target: {
    readonly url: string;
    readonly method: string;
    /** Requests per second planned (open model; with stages, their mean); 0 in a closed loop. */
    readonly rate: number;
    /** The arrival rate's stages, when it ramps (`--stage`), and the rate the first starts from. */
    readonly stages?: readonly StageResult[];
    readonly startRate?: number;
    /**
     * When scenarios have arrivals of their own: each part of the schedule (a scenario's, or
     * without `scenario` the rest's), sent as one; `rate` is then the whole's mean.
     */
    readonly parts?: readonly {
      readonly scenario?: string;
      readonly rate: number;
      readonly durationSec: number;
      readonly stages?: readonly StageResult[];
      readonly startRate?: number;
    }[];
    /** A load file's scenarios and their shares of the arrivals; a user flow's with its number of steps. */
    readonly scenarios?: readonly { readonly name: string; readonly share: number; readonly steps?: number }[];
    /** Set in a closed loop: the connections kept busy (no rate). */
    readonly connections?: number;
    readonly durationSec: number;
    readonly plannedRequests: number;
    readonly maxInflight: number;
    readonly queueCapacity: number;
    readonly timeoutMs: number;
    readonly okStatus: string;
    readonly preset: string | null;
    /** What the requests spoke: `http`, or a registered protocol's name. */
    readonly protocol: string;
    readonly seed: number;
    readonly cases: readonly { readonly group: string; readonly file: string; readonly count: number }[];
    /** The target's address as resolved when the run started, if the host could be resolved. */
    readonly address?: string;
  };
  readonly startedAt: string;
  readonly endedAt: string;
  /** How long the schedule ran (the planned duration unless interrupted). */
  readonly elapsedSec: number;
  /** Including the wait for the last answers. */
  readonly totalSec: number;
  readonly interrupted: boolean;
  /**
   * Set when the run is another tool's, read from its results (`lptf report results.jtl`): the
   * tool (`JMeter`, `ab`) and its file. Its latencies are then from the actual send, and it has no
   * generator figures of lptf's. `selfTest`: judged by the self-test form's rows (no `--check`),
   * whose table it then is.
   */
  readonly imported?: { readonly tool: string; readonly file: string; readonly selfTest: boolean };
  /** Why the schedule ended before its planned end, when the plan ends the run then (a feeder ran dry). */
  readonly endedEarly?: string;
  /**
   * Set when the result lacks part of the test (a segment of a coordinated test stopped
   * reporting): what is missing. The verdict is then inconclusive: the checks judged what arrived.
   */
  readonly incomplete?: Said;
  /**
   * Set when a check asked to stop the run once it failed (`--abort-on-fail`) and was decided
   * failed: which, when (s into the run), the evidence and the sentence that says it. Such a run
   * is not `interrupted`: it ended as its plan asked, and failed.
   */
  readonly stopped?: {
    readonly check: string;
    readonly atSec: number;
    readonly decision: Decision;
    readonly said: Said;
  };
  readonly checks: readonly CheckResult[];
  /** Informational checks (a preset's end-to-end figures); never fail the run. */
  readonly info: readonly CheckResult[];
  /** Whether the verdict is a pass: every check of the target passed, and the plan was delivered. */
  readonly passed: boolean;
  /**
   * The verdict (see `verdictOf`): `inconclusive` when a check of the target failed while the
   * generator fell behind, or the plan was not delivered. Absent in files of an older lptf: read
   * `passed`.
   */
  readonly verdict?: Verdict;
  /** Why the verdict is inconclusive, or a warning that stands beside a pass. */
  readonly verdictWhy?: Said;
  readonly groups: Readonly<Record<string, ScopeResult & { readonly checks: readonly CheckResult[] }>>;
  /** Each stage's figures, over the requests due in it (absent without stages). */
  readonly stages?: Readonly<Record<string, ScopeResult & { readonly checks: readonly CheckResult[] }>>;
  readonly generator: GeneratorHealth;
  readonly series: readonly SecondSummary[];
  /** The backend's phases from its `Server-Timing` headers; null if it sent none. */
  readonly phases: PhasesSummary | null;
  /** The servers watched beside the load (`--watch-pid`, `--watch-cmd`, `--watch-node-exporter`); absent if none. */
  readonly servers?: readonly ServerResult[];
  /** The warm-up sent before the measured start (`--warmup`), in no figure or check; absent without one. */
  readonly warmup?: WarmupResult;
  /** What the load file's `setup()` and `teardown()` sent and did, apart from the run; absent without them. */
  readonly lifecycle?: LifecycleFigures;
  /** What a reader must know to trust the figures: the target was down, arrivals were dropped, … */
  readonly notes: readonly Said[];
  /** Things about the input worth fixing: duplicate cases, too many cases, … */
  readonly warnings: readonly (string | Said)[];
  readonly meta: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly command: string;
    readonly lang: 'zh' | 'en';
    /** The machine that generated the load (absent in results written before lptf 0.2). */
    readonly machine?: MachineInfo;
    /** The time zone of the generator, to state the window in the form's local time (`Asia/Shanghai`, `+08:00`). */
    readonly timeZone?: { readonly name: string; readonly offset: string };
  };
}

/**
 * The generator machine, as the self-test form's 压测服务器 asks for it.
 *
 * @example
 * ```ts
 * const m: MachineInfo = { cpu: 'AMD EPYC 7B13', cores: 2, memoryGB: 24, os: 'Linux 6.1.0 x64' }
 * ```
 */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly os: string;
}
