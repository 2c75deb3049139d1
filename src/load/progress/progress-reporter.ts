import { displayWidth } from '../../render/index.js';
import { progressLine } from './progress-line.js';
import type { ProgressSnapshot } from './progress-snapshot.js';

/**
 * Where progress goes: a stream, and whether it is a terminal.
 *
 * @example
 * ```ts
 * const t: ProgressTarget = process.stderr
 * ```
 */
export interface ProgressTarget {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width: a redrawn line must not wrap, or `\r` cannot take it back. */
  readonly columns?: number;
}

/**
 * Shows progress: on a terminal, one line refreshed in place every second; elsewhere (CI
 * logs, pipes) a plain line every 10 seconds, so logs stay readable.
 *
 * @example
 * ```ts
 * const progress = progressReporter(process.stderr, 'zh')
 * progress.update(snapshot) // call every second
 * progress.done()
 * ```
 */
export function progressReporter(
  target: ProgressTarget,
  lang: 'zh' | 'en' = 'en',
): { update(s: ProgressSnapshot): void; done(): void } {
  const tty = target.isTTY === true;
  let lastPlain = 0;
  let drawn = false;
  return {
    update(s) {
      if (tty) {
        target.write(`\r\x1b[2K${fit(progressLine(s, lang), target.columns)}`);
        drawn = true;
      } else if (s.elapsedMs - lastPlain >= 10_000) {
        lastPlain = s.elapsedMs;
        target.write(`${progressLine(s, lang)}\n`);
      }
    },
    done() {
      if (drawn) target.write('\n');
      drawn = false;
    },
  };
}

/**
 * Cuts a line to the terminal's width (less one column, so the cursor stays on the line); a
 * Chinese character takes two columns.
 */
function fit(line: string, columns: number | undefined): string {
  if (!columns || columns < 2 || displayWidth(line) < columns) return line;
  let kept = '';
  for (const ch of line) {
    if (displayWidth(kept + ch) > columns - 2) break;
    kept += ch;
  }
  return `${kept}…`;
}
