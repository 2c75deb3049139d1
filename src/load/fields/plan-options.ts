/** A duration as lptf reads it: `250ms`, `30s`, `5m`, `1h`, `1h30m`, `1m30s`. */
export type DurationText =
  | `${number}${'us' | 'ms' | 's' | 'm' | 'h'}`
  | `${number}h${number}m`
  | `${number}m${number}s`;

/**
 * A check that stops the run once it is decided failed (k6's `abortOnFail`), not before `grace`
 * into the run.
 *
 * @example
 * ```ts
 * const c: CheckOption = { check: 'share(>870ms) <= 1%', abortOnFail: true, grace: '1m' }
 * ```
 */
export interface CheckOption {
  readonly check: string;
  readonly abortOnFail?: boolean;
  readonly grace?: DurationText;
}

/**
 * A plan as code: the same plan `lptf run` takes, typed, each field as its flag (see
 * `lptf run --help`); `run()` and a load file's `loadTest()` take it. Every problem in it is
 * reported at once, as an `InvalidInputError`, before any traffic.
 *
 * @example
 * ```ts
 * const o: PlanOptions = { url: 'http://127.0.0.1:8080/', rate: 100, duration: '10s', checks: ['p(95) <= 170ms'] }
 * ```
 */
export interface PlanOptions {
  readonly url?: string;
  /**
   * A load file to run (`run({ script: 'checkout.load.ts', rate: 50 })`): its plan lies beneath
   * these options, as a file's beneath flags. Not in a load file, which is the script itself.
   */
  readonly script?: string;
  /** Arrivals per second (open model); default 200. */
  readonly rate?: number;
  /** A closed loop on this many connections instead of a rate. */
  readonly connections?: number;
  /** Default 30s. */
  readonly duration?: DurationText;
  /**
   * A ramp instead of `rate` and `duration`: each stage moves the rate in a straight line to its
   * target, e.g. `['30s:200', { duration: '30m', target: 200, name: 'steady' }, '10s:0']`.
   */
  readonly stages?: readonly (string | StageOption)[];
  /** With `stages`: the rate the first starts from (default 0). */
  readonly startRate?: number;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body template (`{{case}}`, `{{seq}}`, …) or `@file`. */
  readonly body?: string;
  /** Case files: `['normal.jsonl']`, or by group: `{ normal: 'normal.jsonl', abnormal: 'abnormal.jsonl' }`. */
  readonly cases?: readonly string[] | Readonly<Record<string, string>>;
  /**
   * Acceptance checks, e.g. `share(<=170ms) >= 95%`; they add to those of the layers beneath (a
   * load file's, a preset's), and the run's own checks are added (see the README).
   */
  readonly checks?: readonly (string | CheckOption)[];
  /** These checks replace those of the layers beneath instead of adding to them. */
  readonly replaceChecks?: boolean;
  /** Stop the run (it fails) the moment a check of the target is decided failed: no future of the run could pass it. */
  readonly abortOnFail?: boolean;
  /** Accepted statuses, e.g. `200-299,304`. */
  readonly okStatus?: string;
  /** Redirects each request follows before it is judged (default 10; 0: a 3xx is judged as it is). */
  readonly followRedirects?: number;
  readonly preset?: string;
  readonly protocol?: string;
  /** The protocol's own fields, e.g. the widget's `{ token, aesKey, appId, ghId }`. */
  readonly protocolOptions?: Readonly<Record<string, unknown>>;
  readonly maxInflight?: number;
  readonly queue?: number;
  readonly timeout?: DurationText;
  /**
   * Real requests before the measured start, through the scenarios' code: so many arrivals, or
   * for a time, at the plan's mean rate; recorded apart, in no figure or check. None by default.
   */
  readonly warmup?: number | DurationText;
  readonly workers?: number;
  readonly segment?: `${number}/${number}`;
  readonly startAt?: string | number | Date;
  readonly insecure?: boolean;
  readonly client?: 'h1' | 'undici';
  readonly lang?: 'zh' | 'en';
  readonly seed?: number;
  /** Processes of this machine to watch beside the load (`--watch-pid`). */
  readonly watchPid?: number | readonly number[];
  /** A service to start, watch and stop (`--watch-cmd`). */
  readonly watchCmd?: string;
  /** Hosts to watch through their Prometheus node exporters (`--watch-node-exporter`). */
  readonly watchNodeExporter?: string | readonly string[];
  readonly watchReadyTimeout?: DurationText;
  /** Where the results go, as the flags of the same names (a load file's: relative to it). */
  readonly out?: string;
  /** Formats besides `summary.json` and `report.md`: `html`, `csv`, `junit`, `text`, `all`. */
  readonly formats?: readonly string[];
  readonly overwrite?: boolean;
  readonly checkpoint?: DurationText;
  /**
   * No progress line on stderr. The CLI prints one unless this is set; `run()` and `start()` print
   * nothing unless it is `false` (their progress goes to `onProgress`).
   */
  readonly quiet?: boolean;
  /** One JSON line per second to this file (`-` for stdout). */
  readonly stream?: string;
  /** A live dashboard: `true` (port 5665) or a port. */
  readonly dashboard?: boolean | number;
  readonly dashboardHost?: string;
  readonly prometheusRw?: string;
  readonly runId?: string;
  /** Report each closed second to this coordinator (`lptf coordinate`), as one segment of a test. */
  readonly coordinator?: string;
  /** The coordinator's shared token. */
  readonly coordinatorToken?: string;
}

/**
 * One stage of a ramp, as an object.
 *
 * @example
 * ```ts
 * const s: StageOption = { duration: '30m', target: 200, name: 'steady' }
 * ```
 */
export interface StageOption {
  readonly duration: DurationText;
  /** Requests per second at the stage's end. */
  readonly target: number;
  readonly name?: string;
}
