import { shareBounds } from '../../core/checks/index.js';
import { redactUrl } from '../../core/redact/index.js';
import { formatDuration } from '../../core/units/index.js';
import { watchesAnything } from '../../core/watch/index.js';
import type { Dashboard } from '../dashboard/index.js';
import { isLoopback } from '../dashboard/loopback.js';
import { latencyBucketsSec, metricLabels } from '../metrics/index.js';
import { type Plan, planSchedule } from '../plan/index.js';
import { plannedCharts } from '../report/html/chart-data.js';
import type { PlannedTarget } from '../report/html/planned-rates.js';
import { loadWords, partsOf, plannedWords, requestWords, stagesOf } from '../result/index.js';
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
export function dashboardOutput(plan: Plan, where: NonNullable<RunOutputs['dashboard']>, runId: string): RunOutput {
  let dashboard: Dashboard | undefined;
  const planned = plan.connections ? 0 : planSchedule(plan).total;
  return {
    get description() {
      const url = dashboard?.url ?? '(not started)';
      const loopback = isLoopback(where.host);
      return {
        en: `live dashboard at ${url}${loopback ? '' : ` (listening on ${where.host}: anyone who can reach this machine can watch the run; there is no login)`}`,
        zh: `实时看板：${url}${loopback ? '' : `（监听 ${where.host}：能访问这台机器的人都能查看这次压测，没有登录）`}`,
      };
    },
    async start() {
      const { startDashboard } = await import('../dashboard/index.js');
      const bounds = shareBounds([...plan.checks, ...plan.info]).map((ms) => ({ label: `${ms}ms`, ms }));
      const load = loadWords({ ...plan, stages: stagesOf(plan), parts: partsOf(plan) }, plan.lang);
      const scenarios = plan.scenarios ?? [];
      // The per-scenario chart, when requests go to several groups: scenarios, a flow's steps, case groups.
      const grouped =
        scenarios.length > 1 ||
        scenarios.some((sc) => (sc.steps ?? 1) > 1) ||
        (scenarios.length === 0 && new Set(plan.cases.map((c) => c.label)).size > 1);
      // The page's headline in the run's language, as its reports say it.
      const request = requestWords({ ...plan, url: redactUrl(plan.url) }, plan.lang);
      const duration = formatDuration(plan.durationMs);
      const headline =
        plan.lang === 'zh'
          ? `${request}，${load}，持续 ${duration}（共 ${plannedWords(plan, planned, 'zh')}）`
          : `${request} ${load} for ${duration} (${plannedWords(plan, planned, 'en')})`;
      dashboard = await startDashboard(
        {
          headline,
          lang: plan.lang,
          targetRate: plan.rate,
          durationSec: plan.durationMs / 1000,
          bounds,
          servers: watchesAnything(plan.watch),
          grouped,
          ...plannedCharts(plannedTarget(plan), Math.ceil(plan.durationMs / 1000), grouped),
          metrics: {
            labels: metricLabels(plan, runId),
            buckets: latencyBucketsSec(shareBounds([...plan.checks, ...plan.info])),
          },
        },
        where,
      );
    },
    add: (sample) => {
      const second = Math.ceil(sample.progress.elapsedMs / 1000);
      const servers = sample.servers?.flatMap(({ name, sample: s }) =>
        s
          ? [
              {
                name,
                second,
                cpu: Math.round(s.cpu * 1000) / 1000,
                memMB: Math.round(s.memMB * 10) / 10,
                ...(s.threads !== undefined ? { threads: s.threads } : {}),
                ...(s.fds !== undefined ? { fds: s.fds } : {}),
              },
            ]
          : [],
      );
      dashboard?.update(sample.progress, sample.recorder, servers);
    },
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

/** A plan as the planned lines read a result's target (without case counts: the case files are not read here). */
function plannedTarget(plan: Plan): PlannedTarget {
  const stages = stagesOf(plan);
  const parts = partsOf(plan);
  return {
    rate: plan.rate,
    durationSec: plan.durationMs / 1000,
    ...(stages ? { stages, startRate: plan.startRate ?? 0 } : {}),
    ...(parts ? { parts } : {}),
    ...(plan.scenarios ? { scenarios: plan.scenarios } : {}),
    ...(plan.connections ? { connections: plan.connections } : {}),
    cases: [],
  };
}
