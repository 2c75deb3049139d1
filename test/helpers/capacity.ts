import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CapacityResult } from '../../src/load/capacity/capacity-result.js';
import { loopbackServer } from './loopback.js';

/** The `capacity.json` a capacity search wrote in `dir`, as written. */
export const readCapacity = async (dir: string): Promise<CapacityResult> =>
  JSON.parse(await readFile(join(dir, 'capacity.json'), 'utf8')) as CapacityResult;

/**
 * A target that answers at most `capacity` requests a second, first come first served: offered
 * more, its queue grows and so does its latency (a server at its limit). Counts by path.
 */
export async function queueTarget(capacity: number): Promise<{ url: string; paths: Map<string, number> }> {
  const queue: ServerResponse[] = [];
  const paths = new Map<string, number>();
  let served = 0;
  let first: number | undefined;
  const timer = setInterval(() => {
    if (first === undefined) return;
    const due = Math.floor(((performance.now() - first) / 1000) * capacity);
    while (served < due) {
      const res = queue.shift();
      if (!res) {
        served = due;
        break;
      }
      res.end('ok');
      served++;
    }
  }, 2);
  timer.unref();
  const url = await loopbackServer((req, res) => {
    first ??= performance.now();
    paths.set(req.url ?? '/', (paths.get(req.url ?? '/') ?? 0) + 1);
    req.resume();
    queue.push(res);
  });
  return { url, paths };
}
