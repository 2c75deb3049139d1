// The single-file build's entry (`npm run bundle` → dist/lptf.mjs): the CLI, and every thread and
// child process the CLI starts, each of which starts from this same file with its role named
// (`core/single-file.ts`). Each role's module is imported only when it is the role: in the bundle,
// a dynamically imported module runs only when imported.
import { isMainThread, workerData } from 'node:worker_threads';
import '../builtins.js';
import type { Role } from '../core/single-file.js';

const role = (isMainThread ? process.env['LPTF_ROLE'] : (workerData as { lptfRole?: string } | null)?.lptfRole) as
  | Role
  | undefined;
if (role === 'load-worker') await import('../load/run/worker/load-worker.js');
else if (role === 'bench-worker') await import('../bench/worker.js');
else if (role === 'demo-server') await import('../widget/demo/server-process.js');
else if (role === 'watchdog') await import('../load/run/watchdog-thread.js');
else await import('./main.js');
