import { startServerWatch } from '../../core/watch/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { type ServerSeries, serverSeries } from '../result/index.js';
import type { LoadTestHandle, StartOptions } from './load-test-handle.js';

/**
 * Runs a plan that watches servers: starts the watch first (and the service `--watch-cmd`
 * names, waiting until it accepts connections; a watch that cannot start fails the test
 * before any traffic), then the senders, whose result carries the servers' series. The live
 * views get each server's latest reading beside the progress; the watch ends with the run,
 * however it ends.
 *
 * @example
 * ```ts
 * const test = startWatchedTest(resolved, options, startSenders)
 * ```
 */
export function startWatchedTest(
  resolved: ResolvedPlan,
  options: StartOptions,
  startSenders: (resolved: ResolvedPlan, options: StartOptions) => LoadTestHandle,
): LoadTestHandle {
  const { plan } = resolved;
  const origin = new URL(plan.origin);
  const target = {
    host: origin.hostname.replace(/^\[|\]$/g, ''),
    port: Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80),
  };
  let asked: 'stop' | 'abort' | undefined;
  let why: string | undefined;
  let inner: LoadTestHandle | undefined;
  // A signal while the service starts ends the wait, not only the run that would follow it.
  const starting = new AbortController();
  const started = startServerWatch(plan.watch, target, starting.signal).then((watch) => {
    let ended: Promise<ServerSeries[]> | undefined;
    const end = (startMs: number): Promise<ServerSeries[]> => {
      ended ??= watch.stop().then((readings) => serverSeries(readings, startMs));
      return ended;
    };
    const onProgress = options.onProgress;
    inner = startSenders(resolved, {
      ...options,
      ...(onProgress ? { onProgress: (snapshot, recorder) => onProgress(snapshot, recorder, watch.latest()) } : {}),
      serversAtEnd: end,
    });
    if (asked === 'stop') inner.stop(why);
    if (asked === 'abort') inner.abort();
    // A run that fails before its end has stopped nothing: the watch (and the service) stop here.
    inner.result.catch(() => void end(Date.now()));
    return inner;
  });
  const result = started.then((t) => t.result);
  const measurement = started.then((t) => t.measurement);
  measurement.catch(() => undefined);
  return {
    stop(endedEarly) {
      asked ??= 'stop';
      why ??= endedEarly;
      if (inner) inner.stop(endedEarly);
      else starting.abort();
    },
    abort() {
      asked = 'abort';
      if (inner) inner.abort();
      else starting.abort();
    },
    result,
    measurement,
  };
}
