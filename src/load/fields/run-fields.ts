import { CHECK_FORMS, type Check, isRunCheck, isServerCheck, parseCheck } from '../../core/checks/index.js';
import { parseStatusRanges } from '../../core/checks/status-ranges.js';
import { nearestWord } from '../../core/nearest-word.js';
import { TEMPLATE_PLACEHOLDERS } from '../../core/template/index.js';
import { parseDuration } from '../../core/units/index.js';
import type { Bad, FieldSpec, Sourced, TypedField } from './field.js';
import { bounded, duration, integer, oneOf, positiveNumber } from './parse-field.js';
import { MAX_DURATION_MS, MAX_TIMEOUT_MS } from './plan-bounds.js';
import { MAX_RATE } from './rate-bounds.js';
import { STAGES, START_RATE } from './stage-fields.js';
import { WATCH_FIELDS } from './watch-fields.js';

export { MAX_RATE } from './rate-bounds.js';

/** Accepted statuses: the text as given, and the test it makes. */
export const OK_STATUS: TypedField<{ readonly text: string; readonly isOk: (status: number) => boolean }> = {
  key: 'okStatus',
  flags: '--ok-status <ranges>',
  help: 'statuses that count as OK, e.g. 200-399 or 2xx,404',
  group: 'request',
  fallback: '200-399',
  parse: (src, bad) => {
    const text = String(src.value);
    const isOk = parseStatusRanges(text);
    return isOk ? { text, isOk } : bad(src, `"${text}" is not a list of statuses, e.g. 200-399 or 2xx,404`);
  },
};

/** The most worker threads: more than any machine has cores for; beyond them threads only contend. */
export const MAX_WORKERS = 256;

/**
 * The most requests in flight, connections or waiting arrivals one run keeps: each holds a socket
 * or a queue place, and a million of them already take ~1 GB.
 */
export const MAX_SLOTS = 1_000_000;

/** Requests per second of the open model. */
export const RATE: TypedField<number> = {
  key: 'rate',
  flags: '-r, --rate <qps>',
  help: 'requests per second, evenly spaced',
  group: 'load',
  fallback: 200,
  parse: (src, bad) => {
    const rate = positiveNumber(src, bad, 'a rate in requests per second, > 0');
    if (rate !== undefined && rate > MAX_RATE)
      return bad(
        src,
        `${rate} req/s is more than one run can pace (${MAX_RATE.toLocaleString('en-US')}/s); spread it over machines with --segment`,
      );
    return rate;
  },
};

/** How long to send, in ms. */
export const DURATION: TypedField<number> = {
  key: 'duration',
  flags: '-d, --duration <time>',
  help: 'how long to send: 30s, 5m, 30m, 1h',
  group: 'load',
  fallback: '30s',
  parse: (src, bad) => bounded(duration(src, 's', bad), MAX_DURATION_MS, src, bad, 'a run sends for at most'),
};

/** Most requests in flight at once. */
export const MAX_INFLIGHT: TypedField<number> = {
  key: 'maxInflight',
  flags: '--max-inflight <n>',
  help: 'most requests in flight at once',
  group: 'load',
  fallback: 1000,
  parse: (src, bad) => integer(src, 1, bad, MAX_SLOTS, 'each is a socket'),
};

/** Worker threads that send; 1 sends from the main thread. */
export const WORKERS: TypedField<number> = {
  key: 'workers',
  flags: '-w, --workers <n>',
  help: 'worker threads that send, for rates one core cannot drive (1: the main thread)',
  group: 'load',
  fallback: 1,
  parse: (src, bad) => integer(src, 1, bad, MAX_WORKERS, 'threads beyond the cores only contend'),
};

/** The HTTP client. */
export const CLIENT: TypedField<'h1' | 'undici'> = {
  key: 'client',
  flags: '--client <name>',
  help: "HTTP client: h1 (lptf's own HTTP/1.1) or undici",
  group: 'load',
  fallback: 'h1',
  choices: () => ['h1', 'undici'],
  parse: (src, bad) => oneOf(src, ['h1', 'undici'] as const, bad),
};

/** The per-request timeout, in ms. */
export const TIMEOUT: TypedField<number> = {
  key: 'timeout',
  flags: '--timeout <time>',
  help: 'per-request timeout; a timed-out request fails and counts as slow',
  group: 'load',
  fallback: '10s',
  parse: (src, bad) => bounded(duration(src, 'ms', bad), MAX_TIMEOUT_MS, src, bad, 'a request waits for at most'),
};

/**
 * Checks every open-model run makes of itself besides its own, so that a run that did not happen
 * as planned cannot pass: at least 95% of the planned rate went out (an in-flight limit, a full
 * queue or a slow generator lowers it), and the generator handled its arrivals on time (the same
 * 10 ms that flags a run generator-limited). A check of the same metric in the plan replaces its
 * default, e.g. `delivered >= 50%` for a test meant to overload.
 */
export const RUN_CHECKS: readonly Check[] = ['delivered >= 95%', 'send_lateness_p99 <= 10ms'].map(parseCheck);

/** The keys of a check given as an object (a load file's, a config file's): `{ check, abortOnFail, grace }`. */
const CHECK_OPTION_KEYS = ['check', 'abortOnFail', 'grace'] as const;

/**
 * The pass/fail checks; with none and no preset, at most 1% may fail, so a dead target fails the
 * run. Each is a text, or (in a load file or a config file) `{ check, abortOnFail, grace }`: stop
 * the run once that check is decided failed, not before `grace` into it.
 */
export const CHECKS: TypedField<readonly Check[]> = {
  key: 'checks',
  flags: '--check <expr>',
  help: `acceptance check, repeatable: ${CHECK_FORMS.map((f) => `"${f}"`).join(', ')}`,
  group: 'load',
  repeatable: true,
  aliases: ['check'],
  fallback: ['error_rate <= 1%'],
  parse: (src, bad) => {
    const checks: Check[] = [];
    const list = Array.isArray(src.value) ? src.value : [src.value];
    for (const item of list) {
      const one = checkOf(item, (message) => bad(src, message));
      if (one) checks.push(one);
    }
    return checks;
  },
};

/** One check as given: a text, or an object with the text and when to stop the run on it. */
function checkOf(item: unknown, bad: (message: string) => undefined): Check | undefined {
  const options =
    typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
  const text = options ? options['check'] : item;
  if (typeof text !== 'string')
    return bad(
      options
        ? `a check given as an object needs its text in "check", e.g. { check: 'p(95) <= 200ms', abortOnFail: true }`
        : 'must be a text or a list of texts (or { check, abortOnFail, grace })',
    );
  let check: Check;
  try {
    check = parseCheck(text);
  } catch (err) {
    return bad((err as Error).message);
  }
  if (!options) return check;
  for (const key of Object.keys(options))
    if (!(CHECK_OPTION_KEYS as readonly string[]).includes(key)) {
      const near = nearestWord(key, CHECK_OPTION_KEYS);
      return bad(
        `"${text}": unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}; a check takes ${CHECK_OPTION_KEYS.join(', ')}`,
      );
    }
  const abort = options['abortOnFail'];
  if (abort !== undefined && typeof abort !== 'boolean') return bad(`"${text}": abortOnFail must be true or false`);
  const grace = options['grace'];
  let graceMs = 0;
  if (grace !== undefined) {
    if (abort !== true)
      return bad(`"${text}": a grace time is how long before a failing check may stop the run; set abortOnFail: true`);
    const ms = typeof grace === 'string' || typeof grace === 'number' ? parseDuration(String(grace), 's') : undefined;
    if (ms === undefined || !(ms >= 0))
      return bad(`"${text}": grace "${String(grace)}" is not a duration; write e.g. 30s or 2m`);
    graceMs = ms;
  }
  if (abort && (isRunCheck(check) || isServerCheck(check) || check.info))
    return bad(
      `"${text}": judges the generator or the servers over the whole run, and is never decided early; it cannot stop the run`,
    );
  return abort ? { ...check, abortOnFail: { graceMs } } : check;
}

/** Every check of the target stops the run once it is decided failed (k6's abortOnFail, on every threshold). */
export const ABORT_ON_FAIL: TypedField<boolean> = {
  key: 'abortOnFail',
  flags: '--abort-on-fail',
  help: 'stop the run (exit 1, outputs written) the moment a check of the target is decided failed: no future of the run could pass it (e.g. 1% of the planned total already over the bound)',
  group: 'load',
  parse: (src, bad) => flag(src, bad),
};

/**
 * Redirects each request follows before it is judged (0: none; a 3xx is then judged as it is).
 * Followed by default, as k6 (10) and Gatling (20) do: a user's browser follows them, and a test
 * of a login that answers 303 means the page after it.
 */
export const FOLLOW_REDIRECTS: TypedField<number> = {
  key: 'followRedirects',
  flags: '--follow-redirects <n>',
  help: 'redirects each request follows (on the same origin) before it is judged, each hop counted; 0 judges a 3xx as it is',
  group: 'request',
  fallback: 10,
  parse: (src, bad) =>
    integer(src, 0, bad, 100, 'a request that has not arrived after 100 hops is going round in circles'),
};

/** A warm-up before the measured start: so many arrivals, or so long. */
export type Warmup = { readonly arrivals: number } | { readonly ms: number };

/** The most arrivals a warm-up may send: a warm-up, not a second test. */
const MAX_WARMUP_ARRIVALS = 1_000_000;

/**
 * Real requests before the measured start, through the load file's code, recorded apart: in no
 * figure and no check. Off unless asked for: lptf's own warm start calls no user code.
 */
export const WARMUP: TypedField<Warmup> = {
  key: 'warmup',
  flags: '--warmup <time|n>',
  help: "before the measured start, send n arrivals (or for a time, e.g. 10s) at the plan's mean rate through the scenarios' code, to warm the target and its caches; recorded apart, in no figure or check",
  group: 'load',
  parse: (src, bad) => {
    const text = String(src.value).trim();
    if (typeof src.value === 'number' || /^\d+$/.test(text)) {
      const arrivals = integer(src, 1, bad, MAX_WARMUP_ARRIVALS, 'a warm-up, not a second test');
      return arrivals === undefined ? undefined : { arrivals };
    }
    const ms = bounded(duration(src, 's', bad), MAX_DURATION_MS, src, bad, 'a warm-up sends for at most');
    return ms === undefined ? undefined : { ms };
  },
};

/**
 * Whether this layer's checks replace those of the layers beneath it (a load file's, a config
 * file's, a preset's) instead of adding to them.
 */
export const REPLACE_CHECKS: TypedField<boolean> = {
  key: 'replaceChecks',
  flags: '--replace-checks',
  help: 'the checks given here replace those of the load file, config file and preset beneath (by default a --check adds to them); the headline names what it dropped',
  group: 'load',
  parse: (src, bad) => flag(src, bad),
};

/** A yes or no: a boolean, or its text (an environment variable, a config file's string). */
function flag(src: Sourced, bad: Bad): boolean | undefined {
  if (typeof src.value === 'boolean') return src.value;
  const text = String(src.value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return bad(src, `must be true or false; got "${String(src.value)}"`);
}

/**
 * The report language a user's locale asks for: Chinese for a `zh_*` locale, English otherwise,
 * read as POSIX does (`LC_ALL`, then `LC_MESSAGES`, then `LANG`).
 *
 * @example
 * ```ts
 * localeLang({ LANG: 'zh_CN.UTF-8' }) // 'zh'
 * ```
 */
export function localeLang(env: NodeJS.ProcessEnv = process.env): 'zh' | 'en' {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** The reports' language: the locale's by default; the widget preset's form is Chinese. */
export const LANG: TypedField<'zh' | 'en'> = {
  key: 'lang',
  flags: '--lang <lang>',
  help: 'language of the reports (default: from the locale, LANG/LC_ALL; the wechat-widget preset: zh)',
  group: 'load',
  fallback: localeLang(),
  choices: () => ['zh', 'en'],
  parse: (src, bad) => oneOf(src, ['zh', 'en'] as const, bad),
};

/**
 * The fields of a load test that belong to no protocol and no registry, in the order `--help`
 * lists them. `preset` and `protocol` are declared beside their registries (`planFields()`), and
 * each protocol adds its own (`Protocol.fields`).
 *
 * @example
 * ```ts
 * RUN_FIELDS.find((f) => f.key === 'rate')?.flags // '-r, --rate <qps>'
 * ```
 */
export const RUN_FIELDS: readonly FieldSpec[] = [
  // From the environment too: a URL with a password or a token in it is a credential (lptf k8s
  // puts such a URL in the Secret, as LPTF_URL).
  { key: 'url', flags: '<url>', help: 'target URL', group: 'request', env: 'LPTF_URL' },
  {
    key: 'script',
    flags: '--script <file>',
    help: 'a load file (.ts, .mts, .js, .mjs) whose default export is loadTest({ … }) from lptf/load: scenarios, data feeders and any plan field (flags override them); lptf run <file> is the same',
    group: 'request',
  },
  {
    key: 'cases',
    flags: '-c, --cases <[label=]file>',
    help: 'JSONL case file, one JSON object per line; repeatable; the label (default: file name) names its group',
    group: 'request',
    repeatable: true,
  },
  {
    key: 'method',
    flags: '-X, --method <method>',
    help: 'HTTP method (default POST with a body or cases, else GET)',
    group: 'request',
  },
  {
    key: 'headers',
    flags: '-H, --header <"Name: value">',
    help: 'request header, repeatable',
    group: 'request',
    repeatable: true,
    aliases: ['header'],
    // One header a line; added to those of the config file and the flags (lptf k8s keeps secret ones here).
    env: 'LPTF_HEADERS',
  },
  {
    key: 'body',
    flags: '-b, --body <template|@file>',
    help: `request body template; placeholders ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')} (default with cases: {{case}})`,
    group: 'request',
  },
  OK_STATUS,
  FOLLOW_REDIRECTS,
  RATE,
  DURATION,
  STAGES,
  START_RATE,
  MAX_INFLIGHT,
  {
    key: 'connections',
    flags: '--connections <n>',
    help: 'closed loop instead of a rate: n connections, each sending its next request as soon as the last is answered (for headroom, not for latency)',
    group: 'load',
  },
  WORKERS,
  {
    key: 'segment',
    flags: '--segment <i/N>',
    help: 'run segment i (0 to N-1) of a test spread over N instances: request k goes to segment k mod N; merge them with lptf merge',
    group: 'load',
  },
  {
    key: 'startAt',
    flags: '--start-at <time>',
    help: 'start the schedule at this time (ISO 8601 or ms since the epoch), the same for every segment',
    group: 'load',
  },
  {
    key: 'insecure',
    flags: '-k, --insecure',
    help: "https: accept any certificate, e.g. a test service's self-signed one (like curl -k)",
    group: 'load',
  },
  CLIENT,
  {
    key: 'queue',
    flags: '--queue <n>',
    help: 'most arrivals waiting for a free slot before they are dropped (default: 10 s of arrivals)',
    group: 'load',
  },
  TIMEOUT,
  WARMUP,
  CHECKS,
  REPLACE_CHECKS,
  ABORT_ON_FAIL,
  LANG,
  {
    key: 'out',
    flags: '-o, --out <dir>',
    help: 'write summary.json and report.md into this folder',
    group: 'load',
    output: true,
  },
  {
    key: 'formats',
    flags: '--format <format>',
    help: 'also write this format into --out, repeatable: html (report with charts), csv (per-second series), junit (a test case per check), text; all for every one',
    group: 'load',
    output: true,
    repeatable: true,
    aliases: ['format'],
  },
  {
    key: 'checkpoint',
    flags: '--checkpoint <time>',
    help: 'with --out: save the figures so far as measure.json this often, so a killed run can still be reported (lptf report)',
    group: 'load',
    output: true,
    fallback: '10s',
  },
  {
    key: 'overwrite',
    flags: '--overwrite',
    help: "replace another run's results in --out (refused without it: a re-run must not erase a long run's results)",
    group: 'load',
    output: true,
  },
  { key: 'quiet', flags: '-q, --quiet', help: 'no progress on stderr', group: 'load', output: true },
  {
    key: 'stream',
    flags: '--stream <file>',
    help: 'write one JSON line per second (counts, percentiles and errors of that second) to this file as the run goes; - for stdout (the report then goes to stderr)',
    group: 'load',
    output: true,
  },
  {
    key: 'dashboard',
    flags: '--dashboard [port]',
    help: 'serve a live dashboard on 127.0.0.1 (port 5665 unless given; 0 for any free port)',
    group: 'load',
    output: true,
  },
  {
    key: 'dashboardHost',
    flags: '--dashboard-host <addr>',
    help: 'listen on this address instead of 127.0.0.1 (the page shows your URLs and answers)',
    group: 'load',
    output: true,
  },
  {
    key: 'prometheusRw',
    flags: '--prometheus-rw <url>',
    help: "push the run's metrics to Prometheus by remote write each second, e.g. http://127.0.0.1:9090/api/v1/write (metric names: docs/metrics.md)",
    group: 'load',
    output: true,
    env: 'LPTF_PROMETHEUS_RW',
  },
  {
    key: 'runId',
    flags: '--run-id <id>',
    help: 'the run_id label of its metrics (default: a random id)',
    group: 'load',
    output: true,
    env: 'LPTF_RUN_ID',
  },
  {
    key: 'coordinator',
    flags: '--coordinator <url>',
    help: 'report each closed second to a coordinator (lptf coordinate), which judges the whole test live and may stop this segment',
    group: 'load',
    output: true,
    env: 'LPTF_COORDINATOR',
  },
  {
    key: 'coordinatorToken',
    flags: '--coordinator-token <token>',
    help: "the coordinator's shared token: segments send it, the coordinator refuses reports without it",
    group: 'load',
    output: true,
    secret: true,
    env: 'LPTF_COORDINATOR_TOKEN',
  },
  { key: 'seed', flags: '--seed <n>', help: 'seed of the case order, to repeat a run exactly', group: 'load' },
  ...WATCH_FIELDS,
];
