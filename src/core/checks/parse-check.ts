import { parseDuration } from '../units/index.js';
import { type Check, type CheckMetric, type CheckUnit, type CompareOp, isRunCheck, isServerCheck } from './check.js';
import { formatThreshold } from './format-check.js';

const FORMS = [
  'share(<=170ms) >= 95%',
  'share(>870ms) <= 1%',
  'p(95) <= 170ms',
  'mean|min|max <= 50ms',
  'error_rate <= 1%',
  'error_rate over 5s <= 20%',
  'failed|dropped <= 0',
  'dropped_rate <= 0.1%',
  'rate >= 195',
  'expected_rate >= 100%',
  'delivered >= 95%',
  'send_lateness_p99 <= 10ms',
  'server_cpu <= 80%',
  'server_rss_growth <= 50MB',
];

/**
 * The forms `--check` accepts, for help text and errors.
 *
 * @example
 * ```ts
 * console.log(`accepted: ${CHECK_FORMS.join(', ')}`)
 * ```
 */
export const CHECK_FORMS: readonly string[] = FORMS;

const CHECK_RE =
  /^\s*(?<metric>share\s*\(\s*(?<shareOp><=|<|>=|>)\s*(?<bound>[^)\s]+)\s*\)|p\s*\(\s*(?<pp>[\d.]+)\s*\)|p(?<pn>\d+(?:\.\d+)?)|median|mean|avg|min|max|error_rate|errors|failed|dropped_rate|dropped|expected_rate|rate|delivered|send_lateness_p99|server_cpu|server_rss_growth)\s*(?:\{\s*(?<scope>group|stage|scenario)\s*[:=]\s*(?<scopeName>[A-Za-z0-9_.-]+)\s*\})?(?:\s+over\s+(?<window>\S+?))?\s*(?<op><=|<|>=|>|==)\s*(?<value>\S+)\s*$/;

/**
 * Parses an acceptance check. Throws a `RangeError` whose message says what is wrong and
 * lists the accepted forms. Latencies without a unit are milliseconds; shares and rates of
 * errors take `95%` or a fraction `0.95`.
 *
 * @example
 * ```ts
 * parseCheck('share(<=170ms) >= 95%') // { metric: { kind: 'share', op: '<=', boundMs: 170 }, op: '>=', threshold: 0.95, … }
 * parseCheck('p(99){group:normal} < 1s').threshold // 1000
 * parseCheck('p95{stage:steady} <= 170ms').stage // 'steady'
 * ```
 */
export function parseCheck(text: string): Check {
  const m = CHECK_RE.exec(text);
  const g = m?.groups;
  if (!g) throw new RangeError(`unknown check "${text}"; accepted forms: ${FORMS.join(', ')}`);
  const metric = parseMetric(g, text);
  const unit = unitOf(metric);
  const threshold = parseValue(g['value'] as string, unit, text);
  const op = g['op'] as CompareOp;
  const scope = g['scope'] as 'group' | 'stage' | 'scenario' | undefined;
  const scopeName = g['scopeName'];
  if (scope && (isRunCheck({ metric }) || isServerCheck({ metric })))
    throw new RangeError(
      `check "${text}": ${metric.kind} is measured on the whole run; leave out {${scope}:${scopeName}}`,
    );
  const windowSec = g['window'] === undefined ? undefined : parseWindow(g['window'], metric, scope, text);
  const check: Check = { name: '', metric, op, threshold, unit, ...(windowSec ? { windowSec } : {}) };
  return named(scope && scopeName ? { ...check, [scope]: scopeName } : check);
}

/** The longest window a check may judge over: a day. */
export const MAX_WINDOW_SEC = 86_400;

/** What each second of a run keeps, and so what a window can judge: for one scope, its counts alone. */
const WINDOWED: ReadonlySet<CheckMetric['kind']> = new Set([
  'share',
  'percentile',
  'mean',
  'max',
  'error_rate',
  'failed',
  'dropped',
  'rate',
]);
const WINDOWED_IN_GROUP: ReadonlySet<CheckMetric['kind']> = new Set(['error_rate', 'failed', 'rate']);

function parseWindow(text: string, metric: CheckMetric, scope: string | undefined, check: string): number {
  const ms = parseDuration(text, 's');
  if (ms === undefined || !(ms >= 1000) || ms % 1000 !== 0 || ms / 1000 > MAX_WINDOW_SEC)
    throw new RangeError(
      `check "${check}": "over ${text}" is not a window; write whole seconds from 1s to 24h, e.g. over 5s, over 1m`,
    );
  if (!WINDOWED.has(metric.kind))
    throw new RangeError(
      `check "${check}": ${metric.kind} is not judged over windows; these are: ${[...WINDOWED].join(', ')}`,
    );
  if (scope === 'stage')
    throw new RangeError(`check "${check}": a window runs over the whole run; leave out the stage, or the window`);
  if (scope && !WINDOWED_IN_GROUP.has(metric.kind))
    throw new RangeError(
      `check "${check}": each second keeps a ${scope}'s counts, not its latencies; over windows a ${scope} is judged by ${[...WINDOWED_IN_GROUP].join(', ')}`,
    );
  return ms / 1000;
}

/**
 * A check of the whole run narrowed to one stage (a preset's checks judge the steady stage of a
 * ramp); a check already scoped stays as it is.
 *
 * @example
 * ```ts
 * inStage(parseCheck('p95 <= 170ms'), 'steady').name // 'p(95){stage:steady} <= 170ms'
 * ```
 */
export function inStage(check: Check, stage: string): Check {
  return check.group !== undefined ||
    check.stage !== undefined ||
    check.scenario !== undefined ||
    isRunCheck(check) ||
    isServerCheck(check) ||
    check.windowSec !== undefined
    ? check
    : named({ ...check, stage });
}

/** The check with its name in normal form: `metric{scope:name} op threshold`. */
function named(check: Check): Check {
  const scope =
    check.group !== undefined
      ? `{group:${check.group}}`
      : check.stage !== undefined
        ? `{stage:${check.stage}}`
        : check.scenario !== undefined
          ? `{scenario:${check.scenario}}`
          : '';
  const window = check.windowSec ? ` over ${check.windowSec}s` : '';
  return {
    ...check,
    name: `${metricName(check.metric)}${scope}${window} ${check.op} ${formatThreshold(check.threshold, check.unit)}`,
  };
}

function parseMetric(g: Record<string, string | undefined>, text: string): CheckMetric {
  if (g['shareOp']) {
    const boundMs = parseDuration(g['bound'] as string, 'ms');
    if (boundMs === undefined) throw new RangeError(`check "${text}": "${g['bound']}" is not a duration (try 170ms)`);
    return { kind: 'share', op: g['shareOp'] as '<=' | '<' | '>' | '>=', boundMs };
  }
  const pText = g['pp'] ?? g['pn'];
  const word = (g['metric'] as string).replace(/\s+/g, '');
  if (pText !== undefined || word === 'median') {
    const p = word === 'median' ? 50 : Number(pText);
    if (!(p > 0 && p <= 100)) throw new RangeError(`check "${text}": a percentile must be in (0, 100], got ${pText}`);
    return { kind: 'percentile', p };
  }
  if (word === 'avg') return { kind: 'mean' };
  if (word === 'errors') return { kind: 'error_rate' };
  return { kind: word } as CheckMetric;
}

function unitOf(metric: CheckMetric): CheckUnit {
  switch (metric.kind) {
    case 'share':
    case 'error_rate':
    case 'dropped_rate':
    case 'expected_rate':
    case 'delivered':
      return 'fraction';
    case 'failed':
    case 'dropped':
      return 'count';
    case 'rate':
      return 'req/s';
    case 'server_cpu':
      return 'cpu';
    case 'server_rss_growth':
      return 'MB';
    default:
      return 'ms';
  }
}

function parseValue(value: string, unit: CheckUnit, text: string): number {
  if (unit === 'ms') {
    const ms = parseDuration(value, 'ms');
    if (ms === undefined) throw new RangeError(`check "${text}": "${value}" is not a duration (try 170ms or 1s)`);
    return ms;
  }
  if (unit === 'cpu') {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(value);
    if (!pct)
      throw new RangeError(
        `check "${text}": "${value}" is not a CPU share; write a percentage of one core (80%, or 150% for one and a half)`,
      );
    return Number(pct[1]) / 100;
  }
  if (unit === 'MB') {
    const m = /^(\d+(?:\.\d+)?)(KB|MB|GB|KiB|MiB|GiB)?$/i.exec(value);
    if (!m) throw new RangeError(`check "${text}": "${value}" is not a size; write 50MB (or KB, GB)`);
    const scale = { k: 1 / 1024, m: 1, g: 1024 }[(m[2] ?? 'm')[0]?.toLowerCase() as 'k' | 'm' | 'g'];
    return Number(m[1]) * scale;
  }
  if (unit === 'fraction') {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(value);
    const n = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 0 && n <= 1)) {
      throw new RangeError(`check "${text}": "${value}" is not a share; write a percentage (95%) or a fraction (0.95)`);
    }
    // A bare 1 reads as 100%, but a user who writes "errors < 1" means 1%: a check that could
    // never fail. Whole shares are written as 100%.
    if (!pct && n >= 1) {
      throw new RangeError(
        `check "${text}": a bare ${value} is ambiguous; write ${value}% for a percentage, or 100% for all`,
      );
    }
    return n;
  }
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new RangeError(`check "${text}": "${value}" is not a number`);
  return n;
}

function metricName(metric: CheckMetric): string {
  switch (metric.kind) {
    case 'share':
      return `share(${metric.op}${formatThreshold(metric.boundMs, 'ms')})`;
    case 'percentile':
      return `p(${metric.p})`;
    default:
      return metric.kind;
  }
}
