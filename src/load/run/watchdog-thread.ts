// The watchdog's thread (see watchdog.ts): watches the beat of the thread that started it and, once
// that thread's event loop has been held past the armed bound, saves what it was sent, says why
// and ends the process. It writes with writeSync: its own stderr goes through the held thread.
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { SecondState } from '../../core/recorder/index.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { Measurement } from '../result/index.js';
import type { ToWatchdog, WatchdogInput, WatchdogSave } from './watchdog.js';

const port = parentPort;
if (!port) throw new Error('watchdog-thread.js runs as a worker thread');
const { beat, beatMs } = workerData as WatchdogInput;

let armed: { limitMs: number; said: string; save?: WatchdogSave } | undefined;
let latest: Extract<ToWatchdog, { type: 'figures' }> | undefined;
const seconds: SecondState[] = [];
let lastBeat = Atomics.load(beat, 0);
let heldSince = performance.now();
let firing = false;

port.on('message', (m: ToWatchdog) => {
  if (m.type === 'arm') {
    armed = { limitMs: m.limitMs, said: m.said, ...(m.save ? { save: m.save } : {}) };
    heldSince = performance.now();
  } else if (m.type === 'disarm') armed = undefined;
  else {
    latest = m;
    seconds.push(...m.state.seconds);
  }
});

setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== lastBeat) {
    lastBeat = now;
    heldSince = performance.now();
    return;
  }
  if (armed && !firing && performance.now() - heldSince > armed.limitMs) void fire(armed);
}, beatMs);

/** Saves the figures (if asked and any came), says why, and ends the process. */
async function fire(what: { said: string; save?: WatchdogSave }): Promise<void> {
  firing = true;
  let kept = '';
  if (what.save) {
    const { out, base } = what.save;
    const elapsedMs = latest?.elapsedMs ?? 0;
    const measurement: Measurement = {
      ...base,
      timing: { scheduleMs: elapsedMs, sendWindowMs: elapsedMs, totalMs: elapsedMs, interrupted: true },
      recorder: { ...(latest?.state ?? base.recorder), seconds },
      checkpoint: { atSec: Math.round(elapsedMs / 100) / 10, writtenAt: new Date().toISOString() },
    };
    kept = await writeMeasurement(measurement, out).then(
      () =>
        ` ${out} keeps its figures up to ${Math.round(elapsedMs / 1000)} s, marked incomplete: lptf report ${out} renders them.`,
      (err: Error) => ` Its figures could not be saved into ${out}: ${err.message}.`,
    );
  }
  writeSync(2, `lptf: ${what.said}. Ended (exit 137).${kept}\n`);
  process.kill(process.pid, 'SIGKILL');
}
