// A worker thread's entry: sends one stripe of a plan and reports to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startUsageProbe } from '../../../core/run/usage-probe.js';
import { resolvePlan } from '../../plan/index.js';
import { buildRunParts, type RunParts } from '../run-parts.js';
import { catchStrayErrors } from '../stray-errors.js';
import type { FromWorker, ToWorker, WorkerInput } from './messages.js';

const port = parentPort;
if (!port) throw new Error('load-worker.js runs as a worker thread');
const say = (m: FromWorker): void => port.postMessage(m);
const input = workerData as WorkerInput;
// User code throwing outside any request is said on the main thread; it does not end this worker.
catchStrayErrors((text) => say({ type: 'stray', text }));

try {
  for (const url of input.setup) await import(url);
  const resolved = await resolvePlan([...input.layers, { seed: { value: input.seed, where: 'seed' } }]);
  const setup = input.setupJson === undefined ? undefined : (JSON.parse(input.setupJson) as unknown);
  const parts = buildRunParts(resolved, { index: input.index, count: input.count }, undefined, setup);
  let started = false;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'start' && !started) {
      started = true;
      // On the shared start time (the run's clock is the same in every thread).
      setTimeout(
        () => void run(parts, m.startMs),
        Math.max(0, m.startMs - (performance.timeOrigin + performance.now())),
      );
    } else if (m.type === 'stop') parts.run.stop(m.endedEarly);
    else if (m.type === 'abort') parts.run.abort();
  });
  const connecting = parts.transport.preconnect?.(parts.warm);
  parts.rehearse();
  await connecting;
  // This stripe's share of the warm-up, before the common start.
  const warming = parts.warmUp?.();
  if (warming) port.on('message', (m: ToWorker) => m.type !== 'start' && warming.stop());
  const warmup = await warming?.done;
  say({ type: 'ready', ...(warmup ? { warmup } : {}) });
} catch (err) {
  say({ type: 'failed', message: (err as Error).message });
}

async function run({ run, recorder, transport }: RunParts, startMs: number): Promise<void> {
  const probe = startUsageProbe();
  let reported = 0;
  const ticker = setInterval(() => {
    const state = recorder.state(reported + 1);
    reported += state.seconds.length;
    say({ type: 'progress', state, inflight: run.inflight });
  }, 1000);
  try {
    const timing = await run.start(startMs);
    clearInterval(ticker);
    recorder.series.flush(timing.totalMs);
    const usage = probe.finish();
    await transport.close(timing.interrupted).catch(() => undefined);
    const { scheduleMs, sendWindowMs, totalMs, interrupted, endedEarly } = timing;
    say({
      type: 'done',
      state: recorder.state(),
      timing: { scheduleMs, sendWindowMs, totalMs, interrupted, ...(endedEarly ? { endedEarly } : {}) },
      eventLoopDelayMs: usage.eventLoopDelayMs,
    });
  } catch (err) {
    clearInterval(ticker);
    say({ type: 'failed', message: (err as Error).message });
  }
  port?.close();
}
