import type { AddressInfo } from 'node:net';
import { shareBounds } from '../../core/checks/index.js';
import {
  appendSeconds,
  Recorder,
  type RecorderState,
  SecondSeries,
  type SecondState,
} from '../../core/recorder/index.js';
import { type MeasurementFile, mergeMeasurements } from '../merge/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { CheckWatch, type DecidedCheck, type ProgressSnapshot, takeSnapshot } from '../progress/index.js';
import type { Measurement, RunResult, Said } from '../result/index.js';
import { handleOf, type LoadTestHandle, recorderFor, type StartOptions } from '../run/index.js';
import { coordinatorServer, ReportRefused } from './coordinator-server.js';
import { type CoordinatorReply, checkedReport } from './segment-report.js';

/**
 * How a coordinator runs: how many segments it waits for, where it listens, when a segment
 * counts as lost.
 *
 * @example
 * ```ts
 * const o: CoordinateOptions = { segments: 3, listen: { host: '127.0.0.1', port: 7071 }, lostAfterMs: 5000, joinTimeoutMs: 600_000 }
 * ```
 */
export interface CoordinateOptions {
  readonly segments: number;
  readonly listen: { readonly host: string; readonly port: number };
  /** The token segments must send (`--coordinator-token`). */
  readonly token?: string;
  /** A segment heard from, then silent this long, is named lost and the result marked incomplete. */
  readonly lostAfterMs: number;
  /** A segment never heard from this long after the coordinator started is lost too. */
  readonly joinTimeoutMs: number;
  /** Once listening: the address segments report to. */
  readonly onListening?: (url: string) => void;
  /** A line for the user: a segment joined, went silent, came back. */
  readonly say?: (line: string) => void;
}

/** How one segment stands, as the coordinator follows it. */
interface Segment {
  /** Which process reports it (a second process claiming its index is refused). */
  instance?: string;
  heardAt?: number;
  elapsedMs: number;
  inflight: number;
  /** Counts so far (its seconds apart, in `seconds`). */
  latest?: RecorderState;
  /** Every second it sent, in order. */
  seconds: SecondState[];
  final?: Measurement;
  lost?: { readonly atSec: number; readonly lastSecond: number };
}

/**
 * A started coordinator: the test's handle, and the status `lptf follow` reads.
 *
 * @example
 * ```ts
 * const c = startCoordinator(resolved, { segments: 3, listen, lostAfterMs: 5000, joinTimeoutMs: 600_000 })
 * ```
 */
export type CoordinatorHandle = LoadTestHandle & {
  /** Where it listens, once it does. */
  readonly url: Promise<string>;
  /**
   * Waits, at most `ms`, for whoever followed the test (`lptf follow`) to read its end; at once
   * if no one followed it.
   */
  lingerFor(ms: number): Promise<void>;
  /** Stops listening (after the outputs have finished, and any follower has read the end). */
  close(): Promise<void>;
};

/**
 * Runs a test whose segments (`lptf run --segment i/N --coordinator <url>`) run elsewhere: each
 * reports its closed seconds; the coordinator merges second *n* of every segment exactly (HDR
 * histograms add) once every live segment has sent it, judges the plan's checks on the whole
 * test as it goes (windows and decided-early included, by the same `CheckWatch` a single run
 * uses), feeds the run's outputs (progress, dashboard, `/metrics`, remote write: once for the
 * whole test) and, once a check that asks for it is decided or the user interrupts, tells every
 * segment to stop in its next answer. Its result is `lptf merge` of the segments' measurements,
 * exactly; a segment that went silent is named within `lostAfterMs`, and the result keeps what
 * it sent and is marked incomplete.
 *
 * @example
 * ```ts
 * const test = startCoordinator(resolved, { segments: 3, listen: { host: '0.0.0.0', port: 7071 }, lostAfterMs: 5000, joinTimeoutMs: 600_000 })
 * const result = await test.result
 * ```
 */
export function startCoordinator(resolved: ResolvedPlan, options: StartOptions & CoordinateOptions): CoordinatorHandle {
  const { plan } = resolved;
  const count = options.segments;
  const say = options.say ?? (() => undefined);
  const segments: Segment[] = Array.from({ length: count }, () => ({ elapsedMs: 0, inflight: 0, seconds: [] }));
  const series = new SecondSeries(shareBounds([...plan.checks, ...plan.info]));
  const watch = new CheckWatch(plan);
  const began = Date.now();
  /** The schedule's start on this machine's clock: each segment's time is its own, counted from its start. */
  let startMs: number | undefined;
  let merged = 0;
  let stoppedBy: DecidedCheck | undefined;
  let stopWhy: string | undefined;
  let interrupted = false;
  let last: { snapshot: ProgressSnapshot } | undefined;
  let ended: { result: RunResult; measurement: Measurement } | undefined;
  let finish: (() => void) | undefined;
  /** Whether anyone follows the test, and a promise kept once a follower has read its end. */
  let followed = false;
  let endRead: (() => void) | undefined;
  const read = new Promise<void>((resolve) => {
    endRead = resolve;
  });
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const name = (i: number): string => `segment ${i}/${count}`;
  const elapsed = (): number => (startMs === undefined ? 0 : Date.now() - startMs);
  const active = (s: Segment): boolean => !s.final && !s.lost;

  /** The answer to a segment: the last second held of it, and why to stop once the test is decided or interrupted. */
  const reply = (seg: Segment): CoordinatorReply => ({
    heldSecond: seg.seconds.at(-1)?.second ?? 0,
    ...(stopWhy ? { stop: stopWhy } : {}),
  });

  const report = (body: unknown, from: string): CoordinatorReply => {
    const r = checkedReport(body, `report from ${from}`);
    const index = r.segment.index;
    const seg = segments[index];
    if (r.segment.count !== count || !seg)
      throw new ReportRefused(
        `${name(r.segment.index).replace(`/${count}`, `/${r.segment.count}`)}: this coordinator runs ${count} segments`,
      );
    if (seg.instance !== undefined && seg.instance !== r.instance)
      throw new ReportRefused(`${name(index)} is already reported by another process (${seg.instance})`);
    if (seg.final) return reply(seg);
    if (!seg.instance) say(`${name(index)} joined from ${from}`);
    if (seg.lost) {
      say(`${name(index)} reports again; the live figures lack what it sent while silent, the result will not`);
      seg.lost = undefined;
    }
    seg.instance = r.instance;
    seg.heardAt = Date.now();
    const held = seg.seconds.at(-1)?.second ?? 0;
    // A report sent again (its answer was lost) repeats seconds already held: they count once.
    // One older than the last taken (a late delivery) adds nothing newer.
    if (!r.final && r.elapsedMs < seg.elapsedMs) return reply(seg);
    seg.elapsedMs = r.elapsedMs;
    seg.inflight = r.inflight;
    seg.latest = r.state;
    seg.seconds.push(...r.state.seconds.filter((x) => x.second > held));
    if (r.elapsedMs > 0) startMs = Math.min(startMs ?? Number.POSITIVE_INFINITY, seg.heardAt - r.elapsedMs);
    if (r.final) {
      seg.final = r.final;
      seg.latest = r.final.recorder;
      seg.seconds = [...r.final.recorder.seconds];
      if (segments.every((s) => !active(s))) end();
    }
    return reply(seg);
  };

  /** Merges the seconds every live segment has sent into the live series, judges, and reports. */
  const tick = (): void => {
    const now = Date.now();
    for (const [i, s] of segments.entries()) {
      if (!active(s)) continue;
      // Once the test is stopping, a segment that never came is not waited for.
      const join = interrupted || stopWhy ? options.lostAfterMs : options.joinTimeoutMs;
      const silent = s.heardAt === undefined ? now - began > join : now - s.heardAt > options.lostAfterMs;
      if (!silent) continue;
      s.lost = { atSec: Math.round(elapsed() / 100) / 10, lastSecond: s.seconds.at(-1)?.second ?? 0 };
      say(
        s.heardAt === undefined
          ? `${name(i)} never reported in ${Math.round(options.joinTimeoutMs / 1000)} s: the result will lack its share`
          : `${name(i)} stopped reporting at ${s.lost.atSec} s (its last second: ${s.lost.lastSecond}): the result will keep what it sent and be marked incomplete`,
      );
    }
    if (startMs === undefined) {
      if (segments.every((s) => !active(s))) end();
      return;
    }
    const live = segments.filter(active);
    const held = (s: Segment): number => s.seconds.at(-1)?.second ?? 0;
    const upTo = live.length > 0 ? Math.min(...live.map(held)) : Math.max(...segments.map(held));
    const view = recorderFor(plan, series);
    if (upTo > merged) {
      appendSeconds(
        view,
        segments.map((s) => s.seconds.filter((x) => x.second > merged && x.second <= upTo)),
      );
      merged = upTo;
    }
    for (const s of segments) if (s.latest) view.absorb(s.latest);
    const elapsedMs = elapsed();
    const inflight = segments.reduce((n, s) => n + (active(s) ? s.inflight : 0), 0);
    const snapshot = takeSnapshot(plan, view, elapsedMs, inflight, watch);
    last = { snapshot };
    options.onProgress?.(snapshot, view);
    const decided = elapsedMs < plan.durationMs ? watch.stopFor(elapsedMs) : undefined;
    if (decided && !stoppedBy && !stopWhy) {
      stoppedBy = decided;
      stopWhy = `"${decided.check.name}" was decided failed on the whole test at ${decided.atSec}s`;
      say(`stopping every segment: ${stopWhy}`);
    }
    if (segments.every((s) => !active(s))) end();
  };
  const ticker = setInterval(tick, 1000);

  const end = (): void => {
    clearInterval(ticker);
    finish?.();
  };

  const server = coordinatorServer(options.listen, options.token, {
    report,
    status: () => {
      followed = true;
      if (ended) endRead?.();
      return statusNow();
    },
  });
  const statusNow = (): Record<string, unknown> => ({
    schema: 'lptf.coordinator-status/1',
    segments: segments.map((s, i) => ({
      segment: name(i),
      state: s.final ? 'done' : s.lost ? 'lost' : s.heardAt === undefined ? 'waiting' : 'running',
      lastSecond: s.seconds.at(-1)?.second ?? 0,
    })),
    ...(last ? { progress: last.snapshot } : {}),
    ...(ended ? { result: ended.result } : {}),
  });
  const url = server.then((s) => {
    const a = s.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    const u = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${a.port}/`;
    options.onListening?.(u);
    return u;
  });
  url.catch(() => end());

  const done = url.then(async () => {
    await finished;
    const parts: MeasurementFile[] = [];
    const missing: string[] = [];
    const template = segments.find((s) => s.final)?.final;
    for (const [i, s] of segments.entries())
      if (s.final) parts.push({ path: name(i), measurement: s.final });
      else
        missing.push(
          s.latest
            ? `${name(i)} stopped reporting at ${s.lost?.atSec ?? Math.round(elapsed() / 100) / 10} s (its last second: ${s.seconds.at(-1)?.second ?? 0})`
            : `${name(i)} never reported`,
        );
    if (!template)
      throw new Error(
        `no segment sent its end (${missing.join('; ')}): nothing to merge; each segment's own --out folder holds its results`,
      );
    // A segment without its end stands in with what it sent until it went silent, as its own file
    // would have said it; one never heard, with nothing: the merge needs every index.
    for (const [i, s] of segments.entries()) {
      if (s.final) continue;
      const ms = s.latest ? s.elapsedMs : 0;
      parts.push({
        path: name(i),
        measurement: {
          ...template,
          segment: { index: i, count },
          recorder: s.latest ? { ...s.latest, seconds: s.seconds } : emptyLike(template.recorder),
          timing: {
            scheduleMs: Math.min(ms, plan.durationMs),
            sendWindowMs: Math.min(ms, plan.durationMs),
            totalMs: ms,
            interrupted: false,
          },
          usage: { cpuUserMs: 0, cpuSystemMs: 0, maxRssMB: 0, eventLoopDelayMs: { p50: 0, p99: 0, max: 0 } },
          servers: undefined,
        } as Measurement,
      });
    }
    const incomplete: Said | undefined =
      missing.length === 0
        ? undefined
        : {
            en: `Incomplete: ${missing.join('; ')}. The result holds what arrived, so it lacks that share of the test: its checks judged less than was planned.`,
            zh: `结果不完整：${missing.map((m) => m.replace(/^segment (\d+)\/(\d+)/, '分片 $1/$2')).join('；')}。结果只包含已收到的数据，缺少该部分的负载：校验点判断的负载少于计划。`,
          };
    ended = mergeMeasurements(parts, options.command ?? 'lptf coordinate', {
      ...(stoppedBy ? { stopped: stoppedBy } : {}),
      interrupted,
      ...(incomplete ? { incomplete } : {}),
    });
    return ended;
  });

  const interrupt = (): void => {
    interrupted = true;
    stopWhy ??= 'the coordinator was interrupted';
  };
  const handle = handleOf(
    done,
    () => {
      interrupt();
      // With no segment under way, nothing will report its end: end now.
      if (!segments.some((s) => s.heardAt !== undefined)) end();
    },
    () => {
      interrupt();
      end();
    },
  );
  return {
    ...handle,
    url,
    async lingerFor(ms) {
      if (!followed || ms <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([read, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },
    async close() {
      clearInterval(ticker);
      const s = await server.catch(() => undefined);
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/** A recorder state with nothing counted, shaped like `like` (its bounds): a segment that never reported. */
function emptyLike(like: RecorderState): RecorderState {
  return new Recorder(like.boundsMs, like.slowMs).state();
}
