import type { WatchPlan } from '../../core/watch/index.js';
import type { TypedField } from './field.js';
import { duration, integer, stringList } from './parse-field.js';

/** Processes of this machine to watch beside the load, with their descendants. */
export const WATCH_PIDS: TypedField<readonly number[]> = {
  key: 'watchPid',
  flags: '--watch-pid <pid>',
  help: 'watch this process and its children from /proc (CPU, memory, threads, open files) beside the load; repeatable; Linux',
  group: 'watch',
  repeatable: true,
  parse: (src, bad) => {
    const pids: number[] = [];
    for (const value of stringList({ ...src, value: [src.value].flat().map(String) }, bad)) {
      const pid = integer({ value, where: src.where }, 1, bad, 2 ** 22, 'no Linux pid is that high');
      if (pid !== undefined) pids.push(pid);
    }
    return pids;
  },
};

/** A service lptf starts, watches, and stops. */
export const WATCH_CMD: TypedField<string> = {
  key: 'watchCmd',
  flags: '--watch-cmd <command>',
  help: "start the service with this shell command, wait until the target's port accepts connections, watch it as --watch-pid does, stop it at the end",
  group: 'watch',
  parse: (src, bad) => {
    const command = String(src.value).trim();
    return command ? command : bad(src, 'give the command that starts the service, e.g. "node server.js"');
  },
};

/** Hosts to watch through their Prometheus node exporters. */
export const WATCH_NODE_EXPORTERS: TypedField<readonly string[]> = {
  key: 'watchNodeExporter',
  flags: '--watch-node-exporter <url>',
  help: 'watch a host through its Prometheus node exporter (CPU, load, memory, network), e.g. http://10.0.0.5:9100/metrics; repeatable',
  group: 'watch',
  repeatable: true,
  parse: (src, bad) =>
    stringList({ ...src, value: [src.value].flat() }, bad).flatMap((text) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return bad(src, `"${text}" is not a URL; write e.g. http://127.0.0.1:9100/metrics`) ?? [];
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return bad(src, `"${text}": a node exporter speaks http or https, not ${url.protocol}`) ?? [];
      // A node exporter serves its metrics at /metrics: a bare host:port means that.
      if (url.pathname === '/') url.pathname = '/metrics';
      return [url.href];
    }),
};

/** How long `--watch-cmd`'s service has to come up. */
export const WATCH_READY: TypedField<number> = {
  key: 'watchReadyTimeout',
  flags: '--watch-ready-timeout <time>',
  help: "how long --watch-cmd's service has to accept connections before the run is refused",
  group: 'watch',
  fallback: '30s',
  parse: (src, bad) => duration(src, 's', bad),
};

/** The watch fields, in the order `--help` lists them. */
export const WATCH_FIELDS = [WATCH_PIDS, WATCH_CMD, WATCH_NODE_EXPORTERS, WATCH_READY] as const;

/**
 * The watch a plan asks for, read from its fields.
 *
 * @example
 * ```ts
 * const watch = readWatchPlan((f) => readField(f, get, bad))
 * ```
 */
export function readWatchPlan(read: <T>(field: TypedField<T>) => T | undefined): WatchPlan {
  const command = read(WATCH_CMD);
  return {
    pids: read(WATCH_PIDS) ?? [],
    ...(command ? { command } : {}),
    nodeExporters: read(WATCH_NODE_EXPORTERS) ?? [],
    readyMs: read(WATCH_READY) ?? 30_000,
  };
}
