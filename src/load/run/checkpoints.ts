import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors/index.js';
import type { Recorder } from '../../core/recorder/index.js';
import { makeFolder } from '../../output/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { Measurement } from '../result/index.js';
import { finishRun } from './finish-run.js';
import type { RunSample } from './run-output.js';

/** The marker of a folder whose run has not finished writing (or never will: it was killed). */
export const INCOMPLETE_FILE = 'incomplete.json';

/** The folders runs of this process write now: a marker naming this process is live only for them. */
const activeHere = new Set<string>();

/**
 * The run that holds `dir` now, if its marker names one still alive: a process that answers
 * (Linux: one that is still Node, so a reused pid is not taken for it), or a run of this process
 * writing there. A marker whose run is gone (killed, crashed) is stale, and undefined is returned.
 *
 * @example
 * ```ts
 * await liveRunIn('results') // { pid: 4242, startedAt: '2026-12-06T21:00:00.000Z' } while another run writes there
 * ```
 */
export async function liveRunIn(dir: string): Promise<{ pid: number; startedAt: string } | undefined> {
  const text = await readFile(join(dir, INCOMPLETE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let marker: { pid?: unknown; startedAt?: unknown };
  try {
    marker = JSON.parse(text) as typeof marker;
  } catch {
    return undefined;
  }
  const { pid } = marker;
  const startedAt = typeof marker.startedAt === 'string' ? marker.startedAt.slice(0, 40) : 'at an unknown time';
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  const alive = pid === process.pid ? activeHere.has(resolve(dir)) : processAlive(pid);
  return alive ? { pid, startedAt } : undefined;
}

/** Whether a process is alive (and, where /proc says, still a Node process). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|lptf/.test(cmdline);
  } catch {
    return true;
  }
}

/** How often a run's figures so far are saved, when it writes to a folder: every 10 s. */
export const CHECKPOINT_EVERY_MS = 10_000;

/**
 * A folder's guard against losing a run, driven by the folder's output: `start` marks the folder
 * incomplete (`incomplete.json`); `add` saves the figures so far as `measure.json` every
 * `everyMs` (atomically, marked as a checkpoint); `settle` waits for the last save (first making
 * one of the last second seen, when the run's end failed), so no checkpoint can land on the final
 * files; `done` removes the marker once the folder is whole. A run killed with SIGKILL leaves the
 * marker and its last checkpoint, which `lptf report <dir>` renders as an interrupted run.
 *
 * @example
 * ```ts
 * const guard = checkpoints('results', resolved, 'lptf run …')
 * ```
 */
export interface Checkpoints {
  start(): Promise<void>;
  add(sample: RunSample): void;
  settle(endFailed: boolean): Promise<void>;
  done(): Promise<void>;
  /** The run is over without `done` (its files failed): the folder is no longer this process's. */
  release(): void;
}

/**
 * The problem of a folder another live run writes: a run is refused it, whatever `--overwrite` says.
 *
 * @example
 * ```ts
 * folderInUse('results', { pid: 4242, startedAt: '2026-12-06T21:00:00.000Z' }).message
 * ```
 */
export function folderInUse(
  dir: string,
  other: { pid: number; startedAt: string },
): { where: string; message: string } {
  return {
    where: dir,
    message: `another run writes here now (pid ${other.pid}, started ${other.startedAt}): give another folder, or wait for it to end`,
  };
}

/**
 * The checkpoints of a run writing into `dir`.
 *
 * @example
 * ```ts
 * folderOutput(dir, formats, checkpoints(dir, resolved, command, 10_000))
 * ```
 */
export function checkpoints(
  dir: string,
  resolved: ResolvedPlan,
  command: string,
  everyMs = CHECKPOINT_EVERY_MS,
): Checkpoints {
  const startedAt = Date.now();
  let lastMs = 0;
  let last: RunSample | undefined;
  let closed = false;
  let writing: Promise<unknown> = Promise.resolve();
  const save = (sample: RunSample): void => {
    const measurement = checkpointOf(resolved, sample, command);
    // One write at a time; a checkpoint that cannot be written is skipped, never stops the run.
    writing = writing.then(() => measurement && writeMeasurement(measurement, dir)).catch(() => undefined);
  };
  return {
    async start() {
      // Before any traffic: a folder that cannot be made (`-o /proc/nope`, a file in the way, no
      // permission) is the user's to fix, said as such, not an unexpected error after the headline.
      await makeFolder(dir).catch((err: NodeJS.ErrnoException) => {
        throw new InvalidInputError([
          { where: '--out', message: `cannot write results to "${dir}": ${err.code ?? err.message}` },
        ]);
      });
      const marker = {
        schema: 'lptf.incomplete/1',
        startedAt: new Date(startedAt).toISOString(),
        pid: process.pid,
        command,
        why: 'lptf is running here, or was stopped before it finished writing. measure.json, if there, holds the figures up to its last checkpoint: lptf report renders them.',
      };
      // Created, never replaced: of two runs started into one folder at once, one holds it.
      for (let attempt = 0; ; attempt++) {
        try {
          const file = await open(join(dir, INCOMPLETE_FILE), 'wx');
          await file.writeFile(`${JSON.stringify(marker, null, 2)}\n`);
          await file.close();
          activeHere.add(resolve(dir));
          return;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
          const other = await liveRunIn(dir);
          if (other) throw new InvalidInputError([folderInUse(dir, other)]);
          // Its run is gone: the marker is stale.
          await rm(join(dir, INCOMPLETE_FILE), { force: true });
        }
      }
    },
    add(sample) {
      last = sample;
      if (closed || sample.progress.elapsedMs - lastMs < everyMs) return;
      lastMs = sample.progress.elapsedMs;
      save(sample);
    },
    async settle(endFailed) {
      if (endFailed && !closed && last && last.progress.elapsedMs > lastMs) save(last);
      closed = true;
      await writing;
    },
    async done() {
      await rm(join(dir, INCOMPLETE_FILE), { force: true });
      activeHere.delete(resolve(dir));
    },
    release() {
      activeHere.delete(resolve(dir));
    },
  };
}

/** The figures so far as a measurement marked as a checkpoint, or undefined if they cannot be built. */
function checkpointOf(resolved: ResolvedPlan, sample: RunSample, command: string): Measurement | undefined {
  const elapsedMs = sample.progress.elapsedMs;
  try {
    const measurement = measurementSoFar(resolved, sample.recorder, elapsedMs, command);
    return {
      ...measurement,
      checkpoint: { atSec: Math.round(elapsedMs / 100) / 10, writtenAt: new Date().toISOString() },
    };
  } catch {
    return undefined;
  }
}

/**
 * A run's measurement as if it had been interrupted now, `elapsedMs` into it: what a checkpoint
 * saves, and (with nothing recorded yet) the base a watchdog saves a wedged run's figures into.
 *
 * @example
 * ```ts
 * const base = measurementSoFar(resolved, recorderFor(resolved.plan), 0, 'lptf run …')
 * ```
 */
export function measurementSoFar(
  resolved: ResolvedPlan,
  recorder: Recorder,
  elapsedMs: number,
  command: string,
): Measurement {
  const cpu = process.cpuUsage();
  return finishRun(
    resolved,
    recorder,
    {
      startMs: 0,
      startedAt: new Date(Date.now() - elapsedMs),
      scheduleMs: elapsedMs,
      sendWindowMs: elapsedMs,
      totalMs: elapsedMs,
      interrupted: true,
    },
    {
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      eventLoopDelayMs: { p50: 0, p99: 0, max: 0 },
    },
    command,
  ).measurement;
}
