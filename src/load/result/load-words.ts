import { formatDuration } from '../../core/units/index.js';
import type { Plan } from '../plan/index.js';
import type { RunResult } from './run-result.js';

/**
 * How hard a run planned to send, in words: `at 200/s`, `closed loop on 50 connections`, or its
 * stages (`0 → 400/s over 10s (ramp-up), 400/s for 20s (steady)`). The console, the dashboard and
 * every report say it alike.
 *
 * @example
 * ```ts
 * loadWords({ rate: 200 }, 'en') // 'at 200/s'
 * ```
 */
export function loadWords(
  t: Pick<RunResult['target'], 'rate' | 'connections' | 'stages' | 'startRate' | 'parts'>,
  lang: 'zh' | 'en',
): string {
  if (t.connections)
    return lang === 'zh' ? `闭环，${t.connections} 个连接` : `closed loop on ${t.connections} connections`;
  // Scenarios with arrivals of their own: each part in its words, the others' share last.
  if (t.parts)
    return t.parts
      .map((p) => `${p.scenario ?? (lang === 'zh' ? '其余场景' : 'the others')} ${loadWords(p, lang)}`)
      .join(lang === 'zh' ? '；' : '; ');
  if (!t.stages) return lang === 'zh' ? `速率 ${t.rate}/s` : `at ${t.rate}/s`;
  let level = t.startRate ?? 0;
  const parts = t.stages.map((st) => {
    const time = formatDuration(st.durationSec * 1000);
    const shape =
      st.target === level
        ? lang === 'zh'
          ? `${st.target}/s 持续 ${time}`
          : `${st.target}/s for ${time}`
        : lang === 'zh'
          ? `${level} → ${st.target}/s 用 ${time}`
          : `${level} → ${st.target}/s over ${time}`;
    level = st.target;
    return lang === 'zh' ? `${shape}（${st.name}）` : `${shape} (${st.name})`;
  });
  return lang === 'zh' ? `分阶段：${parts.join('，')}` : `in stages: ${parts.join(', ')}`;
}

/**
 * A plan's stages as a result states them (durations in s).
 *
 * @example
 * ```ts
 * stagesOf({ stages: [{ name: 'steady', durationMs: 30_000, target: 200 }] }) // [{ name: 'steady', durationSec: 30, target: 200 }]
 * ```
 */
export function stagesOf(plan: {
  readonly stages?: readonly { readonly name: string; readonly durationMs: number; readonly target: number }[];
}): RunResult['target']['stages'] {
  return plan.stages?.map((st) => ({ name: st.name, durationSec: st.durationMs / 1000, target: st.target }));
}

/**
 * A plan's parts as a result states them (seconds), or undefined without parts.
 *
 * @example
 * ```ts
 * partsOf({ parts: [{ scenario: 'health', rate: 5, durationMs: 60_000 }] }) // [{ scenario: 'health', rate: 5, durationSec: 60 }]
 * ```
 */
export function partsOf(plan: Pick<Plan, 'parts'>): RunResult['target']['parts'] {
  return plan.parts?.map((p) => ({
    ...(p.scenario === undefined ? {} : { scenario: p.scenario }),
    rate: p.rate,
    durationSec: p.durationMs / 1000,
    ...(p.stages ? { stages: stagesOf(p), startRate: p.startRate ?? 0 } : {}),
  }));
}

/**
 * What a run sent, in words: `GET http://host/path`, or a load file's scenarios and their shares
 * on the target's origin (`scenarios list 50%, item 30%, search 20% on http://host`).
 *
 * @example
 * ```ts
 * requestWords({ method: 'GET', url: 'http://127.0.0.1:8080/' }, 'en') // 'GET http://127.0.0.1:8080/'
 * ```
 */
export function requestWords(t: Pick<RunResult['target'], 'method' | 'url' | 'scenarios'>, lang: 'zh' | 'en'): string {
  if (!t.scenarios) return `${t.method} ${t.url}`;
  const flow = (steps: number | undefined): string =>
    steps === undefined ? '' : lang === 'zh' ? `（${steps} 步流程）` : ` (a flow of ${steps} steps)`;
  const list = t.scenarios
    .map((s) => `${s.name} ${+(s.share * 100).toFixed(1)}%${flow(s.steps)}`)
    .join(lang === 'zh' ? '，' : ', ');
  return lang === 'zh' ? `场景 ${list}（${t.url}）` : `scenarios ${list} on ${t.url}`;
}

/**
 * How many arrivals a run planned, in words: requests, or, when a scenario is a user flow (an
 * arrival then sends several), arrivals.
 *
 * @example
 * ```ts
 * plannedWords({ scenarios: [{ name: 'shop', share: 1, steps: 3 }] }, 100, 'en') // '100 arrivals'
 * ```
 */
export function plannedWords(t: Pick<RunResult['target'], 'scenarios'>, planned: number, lang: 'zh' | 'en'): string {
  const flows = t.scenarios?.some((s) => s.steps !== undefined) ?? false;
  if (lang === 'zh') return flows ? `${planned} 次到达` : `${planned} 个请求`;
  return flows ? `${planned} arrivals` : `${planned} requests`;
}
