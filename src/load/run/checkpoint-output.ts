import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../output/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { writeMeasurement } from '../report/write-measurement.js';
import type { Measurement } from '../result/index.js';
import { finishRun } from './finish-run.js';
import type { RunOutput, RunSample } from './run-output.js';

/** The marker of a folder whose run has not finished writing (or never will: it was killed). */
export const INCOMPLETE_FILE = 'incomplete.json';

/** How often a run's figures so far are saved, when it writes to a folder: every 10 s. */
export const CHECKPOINT_EVERY_MS = 10_000;

/**
 * A folder's guard against losing a run: at the start it marks the folder incomplete
 * (`incomplete.json`); every {@link CHECKPOINT_EVERY_MS} it saves the figures so far as
 * `measure.json` (atomically, marked as a checkpoint); when the run's files are all written it
 * removes the marker. A run killed with SIGKILL, or one whose end failed, leaves the marker and
 * its last checkpoint, which `lptf report <dir>` renders as an interrupted run. Placed after the
 * folder's output, so the marker goes last.
 *
 * @example
 * ```ts
 * outputs.push(folderOutput(dir, formats), checkpointOutput(dir, resolved, command))
 * ```
 */
export function checkpointOutput(
  dir: string,
  resolved: ResolvedPlan,
  command: string,
  everyMs = CHECKPOINT_EVERY_MS,
): RunOutput {
  const startedAt = Date.now();
  let lastMs = 0;
  let last: RunSample | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  const save = (sample: RunSample): void => {
    const measurement = checkpointOf(resolved, sample, command);
    // One write at a time; a checkpoint that cannot be written is skipped, never stops the run.
    writing = writing.then(() => measurement && writeMeasurement(measurement, dir)).catch(() => undefined);
  };
  return {
    description: `checkpoints in ${dir}`,
    async start() {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(
        join(dir, INCOMPLETE_FILE),
        `${JSON.stringify(
          {
            schema: 'lptf.incomplete/1',
            startedAt: new Date(startedAt).toISOString(),
            pid: process.pid,
            command,
            why: 'lptf is running here, or was stopped before it finished writing. measure.json, if there, holds the figures up to its last checkpoint: lptf report renders them.',
          },
          null,
          2,
        )}\n`,
      );
    },
    add(sample) {
      last = sample;
      if (sample.progress.elapsedMs - lastMs < everyMs) return;
      lastMs = sample.progress.elapsedMs;
      save(sample);
    },
    async stop(end) {
      // The run ended without a result (its end failed): its last second seen is the checkpoint.
      if (!end && last && last.progress.elapsedMs > lastMs) save(last);
      await writing;
      if (!end) return [];
      // This output comes after the folder's: the folder is whole when that wrote both its results.
      const whole = ['summary.json', 'measure.json'].every((f) => end.files.includes(join(dir, f)));
      if (whole) await rm(join(dir, INCOMPLETE_FILE), { force: true });
      // It did not (a full disk, a folder in the way): the marker stays, and the whole run's
      // figures replace the last checkpoint if the disk takes them.
      else await writeMeasurement(end.measurement, dir).catch(() => undefined);
      return [];
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
