import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../output/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { Measurement } from '../result/index.js';
import { finishRun } from './finish-run.js';
import type { RunSample } from './run-output.js';

/** The marker of a folder whose run has not finished writing (or never will: it was killed). */
export const INCOMPLETE_FILE = 'incomplete.json';

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
      await mkdir(dir, { recursive: true });
      const marker = {
        schema: 'lptf.incomplete/1',
        startedAt: new Date(startedAt).toISOString(),
        pid: process.pid,
        command,
        why: 'lptf is running here, or was stopped before it finished writing. measure.json, if there, holds the figures up to its last checkpoint: lptf report renders them.',
      };
      await writeFileAtomic(join(dir, INCOMPLETE_FILE), `${JSON.stringify(marker, null, 2)}\n`);
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
    },
  };
}

/** The figures so far as a measurement marked as a checkpoint, or undefined if they cannot be built. */
function checkpointOf(resolved: ResolvedPlan, sample: RunSample, command: string): Measurement | undefined {
  const elapsedMs = sample.progress.elapsedMs;
  const cpu = process.cpuUsage();
  try {
    const { measurement } = finishRun(
      resolved,
      sample.recorder,
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
    );
    return {
      ...measurement,
      checkpoint: { atSec: Math.round(elapsedMs / 100) / 10, writtenAt: new Date().toISOString() },
    };
  } catch {
    return undefined;
  }
}
