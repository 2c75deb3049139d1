import { shareBounds } from '../../core/checks/index.js';
import { redactUrl } from '../../core/redact/index.js';
import { formatDuration } from '../../core/units/index.js';
import type { Dashboard } from '../dashboard/index.js';
import { isLoopback } from '../dashboard/loopback.js';
import type { Plan } from '../plan/index.js';
import type { RunOutput } from './run-output.js';
import type { RunOutputs } from './run-outputs.js';

/**
 * The live dashboard as an output (loaded only when asked for): it listens before the first
 * request, follows each sample, and shows the final report and the files written at the end.
 *
 * @example
 * ```ts
 * const dashboard = dashboardOutput(plan, { host: '127.0.0.1', port: 5665 })
 * await dashboard.start()
 * ```
 */
export function dashboardOutput(plan: Plan, where: NonNullable<RunOutputs['dashboard']>): RunOutput {
  let dashboard: Dashboard | undefined;
  const planned = Math.floor((plan.rate * plan.durationMs) / 1000 + 1e-9);
  return {
    get description() {
      const open = isLoopback(where.host)
        ? ''
        : ` (listening on ${where.host}: anyone who can reach this machine can watch the run; there is no login)`;
      return `live dashboard at ${dashboard?.url ?? '(not started)'}${open}`;
    },
    async start() {
      const { startDashboard } = await import('../dashboard/index.js');
      const bounds = shareBounds([...plan.checks, ...plan.info]).map((ms) => ({ label: `${ms}ms`, ms }));
      const headline = `${plan.method} ${redactUrl(plan.url)} at ${plan.rate}/s for ${formatDuration(plan.durationMs)} (${planned} requests)`;
      dashboard = await startDashboard(
        { headline, lang: plan.lang, targetRate: plan.rate, durationSec: plan.durationMs / 1000, bounds },
        where,
      );
    },
    add: (sample) => dashboard?.update(sample.progress, sample.recorder),
    async stop(end) {
      if (!dashboard) return [];
      if (!end) {
        await dashboard.close();
        return [];
      }
      const { htmlReport, verdictClass } = await import('../report/html/index.js');
      const { verdictLine } = await import('../report/index.js');
      const { result, files } = end;
      await dashboard.finish({
        verdict: verdictLine(result),
        verdictClass: verdictClass(result),
        reportHtml: htmlReport(result),
        files,
      });
      return [];
    },
  };
}
