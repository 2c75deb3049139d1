import { writeSync } from 'node:fs';

/**
 * Until the returned function is called, a process that exits, whether code called
 * `process.exit(n)` (`called` is then n) or the event loop ran dry under a top-level await that
 * never settles (`called` undefined), exits with `exitCode` instead, saying `why` on stderr: a
 * load file that ends the process is never a silent pass in CI.
 *
 * @example
 * ```ts
 * const release = exitGuard((called) => `x.load.ts called process.exit(${called})`, 2)
 * try { await importUserModule(file) } finally { release() }
 * ```
 */
export function exitGuard(why: (called: number | string | undefined) => string, exitCode: number): () => void {
  const exit = process.exit;
  let called: number | string | undefined;
  // Only to know that it was called, and with what: it still exits.
  process.exit = ((code?: number | string | null) => {
    called = code ?? 0;
    return exit.call(process, code);
  }) as typeof process.exit;
  const onExit = (): void => {
    // Synchronous: the process is going; nothing asynchronous runs after 'exit'.
    writeSync(2, `lptf: ${why(called)}\n`);
    process.exitCode = exitCode;
  };
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
    process.exit = exit;
  };
}
