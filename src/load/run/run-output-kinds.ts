import { Registry } from '../../core/registry.js';
import type { Plan } from '../plan/index.js';
import type { RunOutput } from './run-output.js';
import type { RunOutputs } from './run-outputs.js';

/**
 * An output a plug-in adds to the runs it concerns: the widget's submission pack beside a
 * self-test's `--out` folder, say (and, later, a metrics sink). `create` returns none for a run
 * it does not concern.
 *
 * @example
 * ```ts
 * runOutputKinds.register({ name: 'log', create: () => ({ description: 'log', start() {}, add() {}, stop: async () => [] }) })
 * ```
 */
export interface RunOutputKind {
  readonly name: string;
  create(plan: Plan, options: RunOutputs): RunOutput | undefined;
}

/**
 * Every registered run output beyond lptf's own (progress, dashboard, `--out` folder).
 *
 * @example
 * ```ts
 * const extra = runOutputKinds.all().flatMap((k) => k.create(plan, options) ?? [])
 * ```
 */
export const runOutputKinds = new Registry<RunOutputKind>('run output');
