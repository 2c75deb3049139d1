import { randomInt } from 'node:crypto';
import { access, constants, mkdir, readFile } from 'node:fs/promises';
import { loadCaseGroups, parseCaseSpec, type CaseGroup } from '../../core/cases/index.js';
import { parseCheck, type Check } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { FORMATS, isFormat, type Format } from '../report/formats.js';
import { compileTemplate, type Template } from '../../core/template/index.js';
import { parseDuration } from '../../core/units/index.js';
import { checkCredentials, DEFAULT_EXPECTATIONS, type ErrCodeExpectations } from '../../widget/protocol/index.js';
import { PLAN_DEFAULTS, type Lang, type Plan, type WidgetPlan } from './plan.js';
import { pickField as pick, type PlanField, type PlanInput, type Sourced } from './plan-input.js';
import { PRESETS } from './presets.js';
import { parseSegment, parseStartAt } from './segment.js';
import { parseStatusRanges } from './status-ranges.js';

/**
 * A resolved plan and the cases it will send.
 *
 * @example
 * ```ts
 * const { plan, caseGroups }: ResolvedPlan = await resolvePlan(layers)
 * ```
 */
export interface ResolvedPlan {
  readonly plan: Plan;
  readonly caseGroups: readonly CaseGroup[];
}

/**
 * Merges plan layers (lowest first: config file, then flags; a preset named anywhere goes
 * beneath them all), applies defaults, validates every field and reads every case file.
 * All problems, in every field and every case file, are reported together in one
 * {@link InvalidInputError}, before any traffic is sent.
 *
 * @example
 * ```ts
 * const { plan } = await resolvePlan([configLayer, flagLayer])
 * ```
 */
export async function resolvePlan(layers: readonly PlanInput[]): Promise<ResolvedPlan> {
  const problems: Problem[] = [];
  const bad = (s: Sourced, message: string): undefined => void problems.push({ where: s.where, message });
  const presetSrc = pick(layers, 'preset');
  const preset = presetSrc ? PRESETS[String(presetSrc.value)] : undefined;
  if (presetSrc && !preset) bad(presetSrc, `unknown preset "${String(presetSrc.value)}"; known: ${Object.keys(PRESETS).join(', ')}`);
  const all = preset ? [preset.plan, ...layers] : layers;
  const get = (f: PlanField): Sourced | undefined => pick(all, f);

  const url = parseUrl(get('url'), bad, problems);
  const connectionsSrc = get('connections');
  const connections = connectionsSrc ? integer(connectionsSrc, 1, bad) : undefined;
  const rateSrc = get('rate');
  if (connectionsSrc && rateSrc) bad(connectionsSrc, `a closed loop has no rate: give --rate (open model) or --connections (closed loop), not both`);
  const rate = connectionsSrc ? 0 : positiveNumber(rateSrc ?? { value: PLAN_DEFAULTS.rate, where: 'default rate' }, bad, 'a rate in requests per second, > 0');
  const clientSrc = get('client') ?? { value: PLAN_DEFAULTS.client, where: 'default client' };
  if (clientSrc.value !== 'h1' && clientSrc.value !== 'undici') bad(clientSrc, `must be h1 (lptf's own HTTP/1.1 client) or undici, got "${String(clientSrc.value)}"`);
  const workers = integer(get('workers') ?? { value: PLAN_DEFAULTS.workers, where: 'default workers' }, 1, bad);
  const durationMs = duration(get('duration') ?? { value: PLAN_DEFAULTS.duration, where: 'default duration' }, 's', bad);
  const timeoutMs = duration(get('timeout') ?? { value: PLAN_DEFAULTS.timeout, where: 'default timeout' }, 'ms', bad);
  const maxInflight = connections ?? integer(get('maxInflight') ?? { value: PLAN_DEFAULTS.maxInflight, where: 'default max-inflight' }, 1, bad);
  const queueSrc = get('queue');
  const queueCapacity = queueSrc ? integer(queueSrc, 0, bad) : Math.max(1, Math.ceil((rate ?? 0) * PLAN_DEFAULTS.queueSeconds));
  const okSrc = get('okStatus') ?? { value: PLAN_DEFAULTS.okStatus, where: 'default ok-status' };
  const isOk = parseStatusRanges(String(okSrc.value));
  if (!isOk) bad(okSrc, `"${String(okSrc.value)}" is not a list of statuses, e.g. 200-399 or 2xx,404`);
  const langSrc = get('lang') ?? { value: PLAN_DEFAULTS.lang, where: 'default lang' };
  if (langSrc.value !== 'zh' && langSrc.value !== 'en') bad(langSrc, `must be zh or en, got "${String(langSrc.value)}"`);
  const seedSrc = get('seed');
  // Segments must agree on the seed: without one given they use 0 rather than each a random one.
  const seed = seedSrc ? integer(seedSrc, 0, bad) : get('segment') ? 0 : randomInt(2 ** 31);

  const checks = parseChecks(get('checks'), bad) ?? [parseCheck(PLAN_DEFAULTS.check)];
  const info = (preset?.info ?? []).map((text) => ({ ...parseCheck(text), info: true }));
  const headers = parseHeaders(all, bad);
  const caseSpecs = stringList(get('cases'), bad).map(parseCaseSpec);
  const body = await parseBody(get('body'), caseSpecs.length > 0, bad);
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = /^\s*[[{]/.test(body.source) ? 'application/json' : 'text/plain; charset=utf-8';
  }
  const methodSrc = get('method');
  const method = methodSrc ? String(methodSrc.value).toUpperCase() : body || preset?.widget ? 'POST' : 'GET';
  if (methodSrc && !/^[A-Z]+$/.test(method)) bad(methodSrc, `"${String(methodSrc.value)}" is not an HTTP method`);

  const outSrc = get('out');
  if (outSrc) await checkWritable(outSrc, bad);
  const formatsSrc = get('formats');
  const formats: Format[] = [];
  for (const f of stringList(formatsSrc, bad)) {
    if (isFormat(f)) formats.push(f);
    else bad(formatsSrc!, `unknown format "${f}"; known: ${Object.keys(FORMATS).join(', ')}`);
  }
  if (formatsSrc && !outSrc) bad(formatsSrc, 'formats are files: give --out <dir> too');
  const dashboard = dashboardAddress(get('dashboard'), get('dashboardHost'), bad);
  const segmentSrc = get('segment');
  const segment = segmentSrc ? parseSegment(segmentSrc) : undefined;
  if (typeof segment === 'string') bad(segmentSrc!, segment);
  // Every segment must shuffle the cases alike, or their shares of the order would overlap.
  if (segmentSrc && !seedSrc && caseSpecs.length > 0) bad(segmentSrc, 'segments share one case order: give every segment the same --seed');
  const startSrc = get('startAt');
  const startAtMs = startSrc ? parseStartAt(startSrc) : undefined;
  if (typeof startAtMs === 'string') bad(startSrc!, startAtMs);
  const widget = preset?.widget ? widgetPlan(get, bad, problems) : undefined;
  if (preset?.widget && caseSpecs.length === 0) {
    problems.push({ where: '--cases', message: 'the widget self-test sends your cases: give --cases normal=normal.jsonl --cases abnormal=abnormal.jsonl' });
  }
  let caseGroups: CaseGroup[] = [];
  try {
    caseGroups = await loadCaseGroups(caseSpecs);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  const plan: Plan = {
    url: url!.text,
    origin: url!.origin,
    path: url!.path,
    method,
    headers,
    ...(body ? { body } : {}),
    rate: rate!,
    ...(connections ? { connections } : {}),
    durationMs: durationMs!,
    maxInflight: maxInflight!,
    queueCapacity: queueCapacity!,
    timeoutMs: timeoutMs!,
    cases: caseSpecs,
    checks,
    info,
    okStatus: String(okSrc.value),
    isOk: isOk!,
    seed: seed!,
    ...(presetSrc ? { preset: String(presetSrc.value) } : {}),
    lang: langSrc.value as Lang,
    ...(outSrc ? { out: String(outSrc.value) } : {}),
    formats,
    quiet: get('quiet')?.value === true,
    client: clientSrc.value as Plan['client'],
    insecure: get('insecure')?.value === true,
    ...(segment && typeof segment !== 'string' ? { segment } : {}),
    ...(typeof startAtMs === 'number' ? { startAtMs } : {}),
    workers: workers!,
    ...(dashboard ? { dashboard } : {}),
    ...(widget ? { widget } : {}),
  };
  return { plan, caseGroups };
}

type Bad = (s: Sourced, message: string) => undefined;

function parseUrl(src: Sourced | undefined, bad: Bad, problems: Problem[]): { text: string; origin: string; path: Template } | undefined {
  if (!src) return void problems.push({ where: '<url>', message: 'a target URL is required, e.g. lptf run http://127.0.0.1:8080/api' });
  const text = String(src.value);
  let url: URL;
  try {
    // "localhost:8080" parses as the scheme "localhost:"; demand the "//" of a full URL.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new TypeError('not a full URL');
    url = new URL(text);
  } catch {
    const hint = /^[\w.-]+(:\d+)?(\/|$)/.test(text) ? `http://${text}` : 'http://127.0.0.1:8080/path';
    return bad(src, `"${text}" is not a valid URL; write it in full, e.g. ${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad(src, `only http and https URLs are supported, got ${url.protocol}`);
  // Placeholders are URL-encoded by the parser; decode them back so the template sees them.
  const raw = (url.pathname + url.search).replace(/%7B%7B/gi, '{{').replace(/%7D%7D/gi, '}}');
  try {
    return { text, origin: url.origin, path: compileTemplate(raw) };
  } catch (err) {
    return bad(src, (err as Error).message);
  }
}

function widgetPlan(get: (f: PlanField) => Sourced | undefined, bad: Bad, problems: Problem[]): WidgetPlan | undefined {
  const plain = get('plain')?.value === true;
  const formatSrc = get('bodyFormat');
  const format = formatSrc ? String(formatSrc.value) : 'json';
  if (formatSrc && format !== 'json' && format !== 'xml') bad(formatSrc, `must be json or xml, got "${format}"`);
  const { credentials, problems: credentialProblems } = checkCredentials(
    { token: get('token'), aesKey: get('aesKey'), appId: get('appId'), ghId: get('ghId') },
    !plain,
  );
  problems.push(...credentialProblems);
  const expect = parseExpectations(get('expect'), bad);
  if (!credentials || !expect) return undefined;
  return { wire: { plain, format: format === 'xml' ? 'xml' : 'json' }, credentials, expect };
}

/** `--expect abnormal=-1,-2` (repeatable) or a config map `{ abnormal: [-1, -2] }`, over the defaults. */
function parseExpectations(src: Sourced | undefined, bad: Bad): ErrCodeExpectations | undefined {
  if (!src) return DEFAULT_EXPECTATIONS;
  const entries: [string, unknown][] =
    src.value && typeof src.value === 'object' && !Array.isArray(src.value)
      ? Object.entries(src.value as Record<string, unknown>)
      : stringList(src, bad).map((t) => {
          const i = t.indexOf('=');
          return i > 0 ? [t.slice(0, i), t.slice(i + 1)] : ['', t];
        });
  const expect: Record<string, readonly number[]> = { ...DEFAULT_EXPECTATIONS };
  for (const [group, codes] of entries) {
    const list = (Array.isArray(codes) ? codes : String(codes).split(',')).map((c) => Number(String(c).trim()));
    if (group === '' || list.length === 0 || !list.every(Number.isInteger)) {
      return bad(src, `"${group}=${String(codes)}" is not group=err_codes, e.g. abnormal=-1,-2`);
    }
    expect[group] = list;
  }
  return expect;
}

/** A 30-minute run must not find out at its end that it cannot write its results. */
async function checkWritable(src: Sourced, bad: Bad): Promise<void> {
  const dir = String(src.value);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    bad(src, `cannot write results to "${dir}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function positiveNumber(src: Sourced, bad: Bad, what: string): number | undefined {
  const n = typeof src.value === 'number' ? src.value : Number(String(src.value).trim() || Number.NaN);
  if (!(n > 0) || !Number.isFinite(n)) return bad(src, `must be ${what}; got "${String(src.value)}"`);
  return n;
}

function integer(src: Sourced, min: number, bad: Bad): number | undefined {
  const n = typeof src.value === 'number' ? src.value : Number(String(src.value).trim() || Number.NaN);
  if (!Number.isInteger(n) || n < min) return bad(src, `must be a whole number >= ${min}; got "${String(src.value)}"`);
  return n;
}

function duration(src: Sourced, bareUnit: 's' | 'ms', bad: Bad): number | undefined {
  const ms = typeof src.value === 'number' ? src.value * (bareUnit === 's' ? 1000 : 1) : parseDuration(String(src.value), bareUnit);
  if (ms === undefined || !(ms > 0)) return bad(src, `"${String(src.value)}" is not a positive duration; write e.g. 30s, 5m, 30m, 1h or 500ms`);
  return ms;
}

/** The default dashboard port, as k6's, so a bookmark keeps working from run to run. */
const DASHBOARD_PORT = 5665;

function dashboardAddress(src: Sourced | undefined, hostSrc: Sourced | undefined, bad: Bad): { host: string; port: number } | undefined {
  if (hostSrc && (typeof hostSrc.value !== 'string' || hostSrc.value.trim() === '')) bad(hostSrc, 'must be a host name or address to listen on, e.g. 127.0.0.1');
  if (!src || src.value === false) {
    if (hostSrc) bad(hostSrc, 'a dashboard host needs the dashboard: give --dashboard too');
    return undefined;
  }
  const port = src.value === true ? DASHBOARD_PORT : integer(src, 0, bad);
  if (port !== undefined && port > 65535) return bad(src, `${port} is not a port; give 1-65535, or 0 for any free port`);
  return port === undefined ? undefined : { host: typeof hostSrc?.value === 'string' ? hostSrc.value.trim() : '127.0.0.1', port };
}

function stringList(src: Sourced | undefined, bad: Bad): string[] {
  if (!src) return [];
  const list = Array.isArray(src.value) ? src.value : [src.value];
  if (!list.every((v): v is string => typeof v === 'string')) return bad(src, 'must be a text or a list of texts') ?? [];
  return list;
}

function parseChecks(src: Sourced | undefined, bad: Bad): Check[] | undefined {
  if (!src) return undefined;
  const checks: Check[] = [];
  for (const text of stringList(src, bad)) {
    try {
      checks.push(parseCheck(text));
    } catch (err) {
      bad(src, (err as Error).message);
    }
  }
  return checks;
}

function parseHeaders(layers: readonly PlanInput[], bad: Bad): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const layer of layers) {
    const src = layer.headers;
    if (!src) continue;
    const entries: [string, unknown][] =
      src.value && typeof src.value === 'object' && !Array.isArray(src.value)
        ? Object.entries(src.value as Record<string, unknown>)
        : stringList(src, bad).map((h) => {
            const i = h.indexOf(':');
            return i > 0 ? [h.slice(0, i).trim(), h.slice(i + 1).trim()] : ['', h];
          });
    for (const [name, value] of entries) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) bad(src, `"${name}: ${String(value)}" is not a header; write "Name: value"`);
      else headers[name.toLowerCase()] = String(value);
    }
  }
  return headers;
}

async function parseBody(src: Sourced | undefined, hasCases: boolean, bad: Bad): Promise<Template | undefined> {
  if (!src) return hasCases ? compileTemplate('{{case}}') : undefined;
  let text = String(src.value);
  if (text.startsWith('@')) {
    try {
      text = await readFile(text.slice(1), 'utf8');
    } catch (err) {
      return bad(src, `cannot read the body file ${text.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    return compileTemplate(text);
  } catch (err) {
    return bad(src, (err as Error).message);
  }
}
