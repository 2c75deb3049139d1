import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { InvalidInputError } from '../core/errors/index.js';

/**
 * The most bytes of saved results (`summary.json`, `measure.json`, the frames of pods' logs) one
 * command reads, in all. A parsed result takes about five times its text in memory: 20 frames of
 * 250 MB each (7 MB compressed) took `lptf merge --logs` to 4.9 GB and a crash (hostile N53); a
 * merge of several large files would too. 256 MiB holds a 30-minute run of 1,000 groups.
 */
export const MAX_READ_BACK_BYTES = 256 * 1024 * 1024;

/**
 * What one command may still read of saved results ({@link MAX_READ_BACK_BYTES} in all): each
 * file or frame takes its bytes, and the one that would pass the bound is refused by name (exit
 * 2), before it is read.
 *
 * @example
 * ```ts
 * const budget = new ReadBudget()
 * const a = await budget.readText('seg0/measure.json')
 * ```
 */
export class ReadBudget {
  private left: number;

  constructor(readonly max = MAX_READ_BACK_BYTES) {
    this.left = max;
  }

  /** Bytes still allowed. */
  get remaining(): number {
    return this.left;
  }

  /** Takes `bytes` of what `where` holds, or throws the bad input it is (exit 2), named by `where`. */
  take(bytes: number, where: string): void {
    if (bytes > this.left) throw this.passed(where, `${mb(bytes)} MB`);
    this.left -= bytes;
  }

  /** The bad input `what` (its size, or what it decompresses to) at `where` is, past the bound. */
  passed(where: string, what: string): InvalidInputError {
    const read = this.left < this.max ? ` (${mb(this.max - this.left)} MB read already)` : '';
    return new InvalidInputError([
      { where, message: `${what} would pass the ${mb(this.max)} MB of results one command reads${read}` },
    ]);
  }

  /** A file's text, its size taken first: a file past the bound is never read. */
  async readText(path: string): Promise<string> {
    // Not blocking: opening a FIFO no one writes waits for a writer.
    const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await file.stat();
      // A FIFO or a device says size 0 and never ends (/dev/zero was read for ever).
      if (!info.isFile()) throw new InvalidInputError([{ where: path, message: 'not a file' }]);
      this.take(info.size, path);
      return await file.readFile('utf8');
    } finally {
      await file.close();
    }
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
