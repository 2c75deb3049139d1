import { UsageError } from '../errors/index.js';
import { redactCommand, redactUrl } from '../redact/index.js';
import { nodeExporterSource } from './node-exporter-source.js';
import { commandName } from './proc-files.js';
import { processSource } from './process-source.js';
import type { ServerKind, ServerSample, ServerSource } from './server-sample.js';
import { startWatchedCommand, type WatchedCommand } from './watched-command.js';

/** Readings are taken once a second, as the run's per-second series are kept. */
const READ_EVERY_MS = 1000;

/**
 * What to watch beside the load: processes of this machine by pid, a service lptf starts
 * (`--watch-cmd`, whose `target` port must accept connections before the run), node exporters.
 *
 * @example
 * ```ts
 * const w: WatchPlan = { pids: [4242], nodeExporters: [], readyMs: 30_000 }
 * ```
 */
export interface WatchPlan {
  readonly pids: readonly number[];
  readonly command?: string;
  readonly nodeExporters: readonly string[];
  /** How long `command` has to accept connections on the target's port. */
  readonly readyMs: number;
}

/**
 * All a watch read of one server: its readings, when the process vanished (ms since the
 * epoch), and how many readings failed (a scrape that timed out or was refused).
 *
 * @example
 * ```ts
 * const r: ServerReadings = { name: 'pid 4242 (node)', kind: 'process', samples: [], failed: 0 }
 * ```
 */
export interface ServerReadings {
  readonly name: string;
  readonly kind: ServerKind;
  readonly samples: readonly ServerSample[];
  readonly vanishedAtMs?: number;
  readonly failed: number;
}

/**
 * A running watch: the latest reading of each server (for live views) and how to end it.
 *
 * @example
 * ```ts
 * const watch = await startServerWatch(plan, { host: '127.0.0.1', port: 8080 })
 * const readings = await watch.stop()
 * ```
 */
export interface ServerWatch {
  latest(): readonly { readonly name: string; readonly kind: ServerKind; readonly sample?: ServerSample }[];
  /** Stops reading (and stops the service `--watch-cmd` started); returns everything read. */
  stop(): Promise<ServerReadings[]>;
}

/** Whether a plan watches anything. */
export const watchesAnything = (w: WatchPlan): boolean =>
  w.pids.length > 0 || w.command !== undefined || w.nodeExporters.length > 0;

/**
 * Starts watching: starts the `--watch-cmd` service and waits until it accepts connections,
 * checks that every pid exists (on Linux: /proc is what is read) and that every node exporter
 * answers, takes the baseline readings, then reads every server once a second. Anything
 * wrong is a `UsageError` (exit 2) before any traffic, and a started service is stopped; so is
 * one still starting when `signal` aborts (Ctrl-C), with exit 130.
 *
 * @example
 * ```ts
 * const watch = await startServerWatch({ pids: [4242], nodeExporters: [], readyMs: 30_000 }, target)
 * ```
 */
export async function startServerWatch(
  plan: WatchPlan,
  target: { readonly host: string; readonly port: number },
  signal?: AbortSignal,
): Promise<ServerWatch> {
  if ((plan.pids.length > 0 || plan.command) && process.platform !== 'linux')
    throw new UsageError(
      `--watch-pid and --watch-cmd read Linux's /proc; on ${process.platform}, run a node exporter and use --watch-node-exporter`,
      'LPTF_WATCH',
    );
  // Each source with the flag that asked for it, for errors.
  const sources: { source: ServerSource; flag: string }[] = [];
  for (const pid of plan.pids) {
    const name = commandName(pid);
    if (name === undefined) throw new UsageError(`--watch-pid ${pid}: no such process on this machine`, 'LPTF_WATCH');
    sources.push({ source: processSource(pid, `pid ${pid} (${name})`), flag: `--watch-pid ${pid}` });
  }
  for (const url of plan.nodeExporters)
    sources.push({ source: nodeExporterSource(url), flag: `--watch-node-exporter ${redactUrl(url)}` });
  let command: WatchedCommand | undefined;
  if (plan.command) {
    command = await startWatchedCommand(plan.command, target, plan.readyMs, signal);
    const name = `--watch-cmd ${redactCommand(plan.command)}`;
    sources.unshift({ source: processSource(command.pid, name), flag: name });
  }
  try {
    await Promise.all(
      sources.map(async ({ source, flag }) => {
        try {
          if ((await source.read()) === 'gone') throw new Error('it exited');
        } catch (err) {
          throw new UsageError(`${flag}: cannot be read: ${(err as Error).message}`, 'LPTF_WATCH');
        }
      }),
    );
  } catch (err) {
    await Promise.all(sources.map(({ source }) => source.close?.()));
    await command?.stop();
    throw err;
  }
  return watchSources(
    sources.map((s) => s.source),
    command,
  );
}

/** Reads the sources once a second until stopped. */
function watchSources(sources: readonly ServerSource[], command: WatchedCommand | undefined): ServerWatch {
  const state = sources.map((s) => ({
    source: s,
    samples: [] as ServerSample[],
    failed: 0,
    vanishedAtMs: undefined as number | undefined,
  }));
  let reading: Promise<unknown> = Promise.resolve();
  const readAll = (): Promise<unknown> =>
    Promise.all(
      state.map(async (s) => {
        if (s.vanishedAtMs !== undefined) return;
        try {
          const r = await s.source.read();
          if (r === 'gone') s.vanishedAtMs = performance.timeOrigin + performance.now();
          else if (r) s.samples.push(r);
        } catch {
          s.failed++;
        }
      }),
    );
  // A reading slower than a second is not overlapped by the next: that one is skipped.
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    reading = readAll().finally(() => {
      busy = false;
    });
  }, READ_EVERY_MS);
  timer.unref();
  return {
    latest: () => state.map((s) => ({ name: s.source.name, kind: s.source.kind, sample: s.samples.at(-1) })),
    async stop() {
      clearInterval(timer);
      await reading;
      // The last part-second too: the run's end is in it.
      await readAll();
      await Promise.all(sources.map((s) => s.close?.()));
      await command?.stop();
      return state.map((s) => ({
        name: s.source.name,
        kind: s.source.kind,
        samples: s.samples,
        failed: s.failed,
        ...(s.vanishedAtMs !== undefined ? { vanishedAtMs: s.vanishedAtMs } : {}),
      }));
    },
  };
}
