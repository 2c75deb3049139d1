import { redactText } from '../../core/redact/index.js';

/** Who hears of an error thrown outside any request: the run's CLI, which counts and says them. */
const listeners = new Set<(text: string) => void>();

/**
 * An error thrown where nothing awaits it (a load file's late `setTimeout(() => { throw … })`, a
 * promise it rejects and forgets), in one line: its message and the first frame outside Node and
 * the dependencies (where it came from), redacted.
 *
 * @example
 * ```ts
 * strayText(new Error('late boom')) // 'Error: late boom (at Timeout._onTimeout (/app/x.load.ts:2:26))'
 * ```
 */
export function strayText(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const at = e.stack
    ?.split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => l.startsWith('at ') && !l.includes('node:') && !l.includes('/node_modules/'));
  return redactText(`${e.name}: ${e.message}${at ? ` (${at})` : ''}`)
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/**
 * Tells every listener of a stray error (a worker thread's, posted to the main thread).
 *
 * @example
 * ```ts
 * reportStray('Error: late boom (at x.load.ts:2:26)')
 * ```
 */
export function reportStray(text: string): void {
  for (const l of listeners) l(text);
}

/**
 * While a run lasts, an uncaught exception or unhandled rejection in this thread does not take
 * the run down (it used to: exit 1, a stack, and only `incomplete.json` left): each is handed to
 * `onEach` as {@link strayText}, with those a worker thread reports. Returns the release.
 *
 * @example
 * ```ts
 * const release = catchStrayErrors((text) => console.error(text))
 * try { await run } finally { release() }
 * ```
 */
export function catchStrayErrors(onEach: (text: string) => void): () => void {
  const handler = (err: unknown): void => onEach(strayText(err));
  process.on('uncaughtException', handler);
  process.on('unhandledRejection', handler);
  listeners.add(onEach);
  return () => {
    process.off('uncaughtException', handler);
    process.off('unhandledRejection', handler);
    listeners.delete(onEach);
  };
}
