import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { redactUrl } from '../../core/redact/index.js';
import { type PlanInput, pickField, type Sourced } from '../fields/field.js';
import { duration, integer, stringList } from '../fields/parse-field.js';
import { type ResolvedPlan, resolvePlan, withPreset } from '../plan/index.js';
import { runKind } from '../report/run-kind.js';
import { CHECKPOINT_EVERY_MS, folderInUse, liveRunIn } from './checkpoints.js';

/**
 * Where a run's results go, apart from the plan: an `--out` folder and its extra formats, the
 * progress line, the live dashboard.
 *
 * @example
 * ```ts
 * const o: RunOutputs = { out: 'results', formats: ['html'], quiet: false, checkpointMs: 10_000 }
 * ```
 */
export interface RunOutputs {
  readonly out?: string;
  /** Formats written into `out` besides summary.json and report.md. */
  readonly formats: readonly string[];
  readonly quiet: boolean;
  /** How often a run writing to `out` saves its figures so far (`--checkpoint`), in ms. */
  readonly checkpointMs: number;
  /** Where the per-second NDJSON stream goes (`--stream`): a file, or `-` for stdout. */
  readonly stream?: string;
  /** Where to serve the live dashboard (`--dashboard`); none if not asked for. */
  readonly dashboard?: { readonly host: string; readonly port: number };
  /** A Prometheus remote-write endpoint to push the run's metrics to (`--prometheus-rw`). */
  readonly prometheusRw?: string;
  /** The `run_id` label of the run's metrics (`--run-id`, `LPTF_RUN_ID`; random if not given). */
  readonly runId: string;
  /** Where this segment reports each closed second (`--coordinator`), and the token it sends. */
  readonly coordinator?: { readonly url: string; readonly token?: string };
  /** The token a coordinator asks of its segments (`--coordinator-token`), on `lptf coordinate`. */
  readonly coordinatorToken?: string;
}

/** The default dashboard port, as k6's, so a bookmark keeps working from run to run. */
const DASHBOARD_PORT = 5665;

/**
 * Resolves a plan and where its results go, reporting every problem of both at once, before any
 * traffic. Nothing is created: an `--out` folder is only checked to be writable.
 *
 * @example
 * ```ts
 * const { resolved, outputs } = await resolveRun([configLayer, flagLayer])
 * ```
 */
export async function resolveRun(
  layers: readonly PlanInput[],
): Promise<{ resolved: ResolvedPlan; outputs: RunOutputs }> {
  const problems: Problem[] = [];
  let resolved: ResolvedPlan | undefined;
  try {
    resolved = await resolvePlan(layers);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    problems.push(...err.problems);
  }
  if (resolved) {
    const tooMany = machineWorkersProblem(resolved, availableParallelism());
    if (tooMany) problems.push(tooMany);
  }
  // A load file's outputs too (`out: 'results'`), beneath the flags.
  const outputs = await resolveRunOutputs(resolved?.layers ?? layers, problems);
  if (problems.length > 0 || !resolved) throw new InvalidInputError(problems);
  return { resolved, outputs };
}

/** Worker threads a machine holds per core: past it, threads only contend (and each is a V8 heap). */
export const WORKERS_PER_CORE = 4;

/**
 * Whether a plan asks for more worker threads than this machine holds ({@link WORKERS_PER_CORE}
 * a core): `-w 256` on 2 cores took 93 s and 5.1 GB for a 5 s run. Checked where the run starts
 * (a Kubernetes pod's own cores count, not the machine that writes its manifests).
 *
 * @example
 * ```ts
 * machineWorkersProblem(resolved, 2) // { where: '-w', message: '…' } for -w 256
 * ```
 */
export function machineWorkersProblem(resolved: ResolvedPlan, cores: number): Problem | undefined {
  const most = Math.max(1, cores) * WORKERS_PER_CORE;
  const { workers } = resolved.plan;
  if (workers <= most) return undefined;
  const where = pickField(withPreset(resolved.layers, () => undefined).all, 'workers')?.where ?? '--workers';
  return {
    where,
    message: `${workers} worker threads on ${cores} core(s): more than ${most} (${WORKERS_PER_CORE} a core) only contend, each with its own memory; at most ${most} here`,
  };
}

/**
 * The output fields of plan layers; problems are added to `problems`.
 *
 * @example
 * ```ts
 * await resolveRunOutputs([flags], problems) // { formats: [], quiet: false, checkpointMs: 10000 }
 * ```
 */
export async function resolveRunOutputs(layers: readonly PlanInput[], problems: Problem[]): Promise<RunOutputs> {
  const bad = (s: Sourced, message: string): undefined => void problems.push({ where: s.where, message });
  const { all } = withPreset(layers, () => undefined);
  const get = (f: string): Sourced | undefined => pickField(all, f);
  const outSrc = get('out');
  if (outSrc) await checkOutDir(outSrc, bad);
  // A live run's folder is its own: --overwrite replaces a finished run's results, never a live one's.
  const live = outSrc ? await liveRunIn(String(outSrc.value)) : undefined;
  if (outSrc && live) bad(outSrc, folderInUse(String(outSrc.value), live).message);
  else if (outSrc && get('overwrite')?.value !== true) await refuseAnotherRun(outSrc, bad);
  const formatsSrc = get('formats');
  const formats: string[] = [];
  for (const f of stringList(formatsSrc, bad)) {
    // `all`, as `lptf report` takes it: every format a run has.
    if (f === 'all') formats.push(...runKind.reporters.names());
    else if (runKind.reporters.find(f)) formats.push(f);
    else bad(formatsSrc as Sourced, runKind.reporters.unknown(f));
  }
  if (formatsSrc && !outSrc) bad(formatsSrc, 'formats are files: give --out <dir> too');
  const dashboard = dashboardAddress(get('dashboard'), get('dashboardHost'), bad);
  const streamSrc = get('stream');
  if (streamSrc) await checkStreamFile(streamSrc, bad);
  const checkpointSrc = get('checkpoint');
  const checkpointMs = checkpointSrc ? duration(checkpointSrc, 's', bad) : CHECKPOINT_EVERY_MS;
  if (checkpointSrc && !outSrc) bad(checkpointSrc, 'checkpoints are files: give --out <dir> too');
  const rwSrc = get('prometheusRw');
  const prometheusRw = rwSrc ? httpUrl(rwSrc, bad) : undefined;
  const runIdSrc = get('runId');
  const runId = runIdSrc ? String(runIdSrc.value).trim() : randomBytes(4).toString('hex');
  if (runIdSrc && !/^[\w.:-]{1,100}$/.test(runId))
    bad(runIdSrc, `"${runId}" is not a run id: letters, digits and _ . : - only, at most 100`);
  const coordinatorSrc = get('coordinator');
  const coordinatorUrl = coordinatorSrc ? httpUrl(coordinatorSrc, bad, 'http://127.0.0.1:7071/') : undefined;
  const tokenSrc = get('coordinatorToken');
  const token = tokenSrc ? String(tokenSrc.value) : undefined;
  if (tokenSrc && !/^[\x21-\x7e]{8,200}$/.test(token ?? ''))
    bad(tokenSrc, 'a token is 8 to 200 printable characters, no spaces');
  return {
    runId,
    ...(coordinatorUrl ? { coordinator: { url: coordinatorUrl, ...(token ? { token } : {}) } } : {}),
    ...(token ? { coordinatorToken: token } : {}),
    ...(prometheusRw ? { prometheusRw } : {}),
    ...(outSrc ? { out: String(outSrc.value) } : {}),
    formats,
    quiet: get('quiet')?.value === true,
    checkpointMs: checkpointMs ?? CHECKPOINT_EVERY_MS,
    ...(dashboard ? { dashboard } : {}),
    ...(streamSrc ? { stream: String(streamSrc.value) } : {}),
  };
}

/** An http(s) URL, or a problem. */
function httpUrl(
  src: Sourced,
  bad: (s: Sourced, m: string) => undefined,
  example = 'http://127.0.0.1:9090/api/v1/write',
): string | undefined {
  const text = String(src.value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(src, `"${redactUrl(text)}" is not a URL; write e.g. ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return bad(src, `"${redactUrl(text)}": it speaks http or https, not ${url.protocol}`);
  return url.href;
}

/** The stream's file must be writable before any traffic: its folder exists, and the file, if there, is a writable file. */
async function checkStreamFile(src: Sourced, bad: (s: Sourced, m: string) => undefined): Promise<void> {
  const path = String(src.value);
  if (path === '-') return;
  const file = await stat(path).catch(() => undefined);
  if (file?.isDirectory()) return void bad(src, `cannot write the stream to "${path}": it is a folder`);
  const denied = await access(file ? path : dirname(resolve(path)), constants.W_OK).then(
    () => undefined,
    (err: NodeJS.ErrnoException) => err.code ?? err.message,
  );
  if (denied) return void bad(src, `cannot write the stream to "${path}": ${denied}`);
  // A FIFO with no reader blocks the writer's open for ever: a run would hang before its start, unsaid.
  if (file?.isFIFO()) {
    const fifo = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch((err: NodeJS.ErrnoException) => err);
    if (fifo instanceof Error)
      bad(
        src,
        `cannot write the stream to "${path}": ${fifo.code === 'ENXIO' ? 'a FIFO no one reads yet; start its reader first' : (fifo.code ?? fifo.message)}`,
      );
    else await fifo.close();
  }
}

/**
 * A 30-minute run must not find out at its end that it cannot write its results: the folder, or
 * the nearest folder above it that exists (where it would be created), must be writable.
 */
async function checkOutDir(src: Sourced, bad: (s: Sourced, m: string) => undefined): Promise<void> {
  const dir = resolve(String(src.value));
  let at = dir;
  for (;;) {
    const info = await stat(at).catch((err: NodeJS.ErrnoException) => err);
    if (!(info instanceof Error)) {
      if (!info.isDirectory()) return void bad(src, `cannot write results to "${String(src.value)}": ENOTDIR`);
      const denied = await access(at, constants.W_OK).then(
        () => undefined,
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
      if (denied) bad(src, `cannot write results to "${String(src.value)}": ${denied}`);
      return;
    }
    if (info.code !== 'ENOENT' || dirname(at) === at)
      return void bad(src, `cannot write results to "${String(src.value)}": ${info.code ?? info.message}`);
    at = dirname(at);
  }
}

/**
 * A folder that holds another run's results is refused without `--overwrite`: re-running a quick
 * command must not erase what a 30-minute run wrote there.
 */
async function refuseAnotherRun(src: Sourced, bad: (s: Sourced, m: string) => undefined): Promise<void> {
  const dir = String(src.value);
  for (const file of ['summary.json', 'measure.json']) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let when = '';
    try {
      const started = (JSON.parse(text) as { startedAt?: unknown }).startedAt;
      if (typeof started === 'string') when = ` started ${started.slice(0, 40)}`;
    } catch {
      // Unreadable, but a result all the same: refused like a readable one.
    }
    return void bad(
      src,
      `"${dir}" holds another run's results (${file}${when}); give another folder, or --overwrite to replace them`,
    );
  }
}

function dashboardAddress(
  src: Sourced | undefined,
  hostSrc: Sourced | undefined,
  bad: (s: Sourced, m: string) => undefined,
): RunOutputs['dashboard'] {
  if (hostSrc && (typeof hostSrc.value !== 'string' || hostSrc.value.trim() === ''))
    bad(hostSrc, 'must be a host name or address to listen on, e.g. 127.0.0.1');
  if (!src || src.value === false) {
    if (hostSrc) bad(hostSrc, 'a dashboard host needs the dashboard: give --dashboard too');
    return undefined;
  }
  const port = src.value === true ? DASHBOARD_PORT : integer(src, 0, bad);
  if (port !== undefined && port > 65535)
    return bad(src, `${port} is not a port; give 1-65535, or 0 for any free port`);
  return port === undefined
    ? undefined
    : { host: typeof hostSrc?.value === 'string' ? hostSrc.value.trim() : '127.0.0.1', port };
}
