import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeFolder } from '../../output/index.js';
import { type BarrierParty, BarrierTimeoutError, lateMessage } from './barrier.js';

const POLL_MS = 250;

interface Ready {
  readonly id: string;
  readonly index: number;
  readonly atMs: number;
}

/**
 * A start barrier on a folder every segment shares (the results volume): each writes
 * `ready-<index>.json` (atomically) with the time it arrived, then reads the folder until every
 * index of this run is there; the start is the last arrival plus the lead, which every segment
 * computes alike from the same files. A file of another run (another id, or older than this
 * party's deadline) is not counted.
 *
 * @example
 * ```ts
 * const startAtMs = await fileBarrier('/results/checkout/barrier', party)
 * ```
 */
export async function fileBarrier(dir: string, party: BarrierParty): Promise<number> {
  const now = party.now ?? Date.now;
  const arrived = now();
  const deadline = arrived + party.timeoutMs;
  await makeFolder(dir);
  const mine = join(dir, `ready-${party.index}.json`);
  const ready: Ready = { id: party.id, index: party.index, atMs: arrived };
  await writeFile(`${mine}.${process.pid}.tmp`, JSON.stringify(ready));
  await rename(`${mine}.${process.pid}.tmp`, mine);
  for (;;) {
    const came = new Map<number, number>();
    for (const name of await readdir(dir)) {
      if (!/^ready-\d+\.json$/.test(name)) continue;
      try {
        const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as Partial<Ready>;
        const fresh = typeof r.atMs === 'number' && r.atMs >= arrived - party.timeoutMs;
        if (r.id === party.id && fresh && Number.isInteger(r.index) && (r.index as number) < party.parties)
          came.set(r.index as number, r.atMs as number);
      } catch {
        // a file being replaced, or not ours: read again next time
      }
    }
    if (came.size === party.parties) return Math.max(...came.values()) + party.leadMs;
    if (now() > deadline)
      throw new BarrierTimeoutError(
        lateMessage(
          party,
          [...came.keys()].sort((a, b) => a - b),
        ),
      );
    await sleep(POLL_MS);
  }
}
