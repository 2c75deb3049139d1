import type { LatencySummary, RequestCounts } from '../../core/recorder/index.js';
import type { Said } from '../../core/said.js';
import type { LifecycleFigures } from './lifecycle-figures.js';
import type { WarmupResult } from './warmup-result.js';

export type { Said } from '../../core/said.js';

/** The kinds of an arrival that never became a request. */
const UNSENT_KINDS = new Set(['data_exhausted', 'script_error', 'build_request', 'missing_field']);

/** Joins sentences part by part, each language with its own separator. */
function joinSaid(parts: readonly Said[], en: string, zh: string): Said {
  return { en: parts.map((p) => p.en).join(en), zh: parts.map((p) => p.zh).join(zh) };
}

/**
 * Plain-language notes a reader needs to trust (or distrust) a run's figures: the target was
 * down, arrivals were dropped, the run was interrupted.
 *
 * @example
 * ```ts
 * runNotes({ requests, errors: { refused: 6000 }, url, interrupted: false, maxInflight: 1000, queueCapacity: 2000 })[0].en
 * // 'The target was down: all 6000 completed requests were refused (connection refused at http://…)'
 * ```
 */
export function runNotes(input: {
  requests: RequestCounts;
  errors: Readonly<Record<string, number>>;
  url: string;
  interrupted: boolean;
  maxInflight: number;
  queueCapacity: number;
}): Said[] {
  const { requests: r, errors } = input;
  const notes: Said[] = [];
  const refused = errors['refused'] ?? 0;
  if (refused > 0 && refused === r.completed) {
    notes.push({
      en: `The target was down: all ${refused} completed requests were refused (connection refused at ${input.url}).`,
      zh: `目标服务不可用：已完成的 ${refused} 个请求全部被拒绝连接（${input.url} 拒绝连接）。`,
    });
  } else if (refused > 0) {
    notes.push({
      en: `The target was down for part of the run: ${refused} of ${r.completed} requests were refused.`,
      zh: `压测期间目标服务有一段时间不可用：${r.completed} 个请求中有 ${refused} 个被拒绝连接。`,
    });
  }
  const timeouts = errors['timeout'] ?? 0;
  if (timeouts > 0)
    notes.push({
      en: `${timeouts} request(s) timed out; each counts as failed and as slower than every bound.`,
      zh: `${timeouts} 个请求超时；每个都计为失败，也计为慢于所有耗时界限。`,
    });
  const host = hostOf(input.url);
  const dns = errors['dns'] ?? 0;
  if (dns > 0)
    notes.push({
      en: `The target's host name did not resolve (dns: ${dns}): check "${host}" in the URL, or give the address instead.`,
      zh: `目标主机名无法解析（dns：${dns}）：请检查 URL 中的“${host}”，或直接填写地址。`,
    });
  const handshake = errors['tls_handshake'] ?? 0;
  if (handshake > 0)
    notes.push({
      en: `The TLS handshake failed (tls_handshake: ${handshake}): an https:// URL to a port that speaks plain HTTP does this; try http://${host}.`,
      zh: `TLS 握手失败（tls_handshake：${handshake}）：用 https:// 访问只支持明文 HTTP 的端口会这样；请改用 http://${host}。`,
    });
  const certificate = errors['tls_certificate'] ?? 0;
  if (certificate > 0)
    notes.push({
      en: `The target's certificate was not trusted (tls_certificate: ${certificate}): a test service's self-signed certificate needs -k/--insecure.`,
      zh: `目标服务的证书不受信任（tls_certificate：${certificate}）：测试服务的自签名证书需要加 -k/--insecure。`,
    });
  if (r.redirects > 0)
    notes.push({
      en: `${r.redirects} redirect(s) were followed; a request is judged on its last answer, and its latency runs from its intended send to that answer.`,
      zh: `跟随了 ${r.redirects} 次重定向；每个请求按最后一个应答判定，其耗时从计划发送时间算到这个应答。`,
    });
  if (r.unsent > 0) {
    const kinds = Object.entries(errors)
      .filter(([k]) => UNSENT_KINDS.has(k))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    notes.push({
      en: `${r.unsent} arrival(s) never became a request${kinds ? ` (${kinds})` : ''}: they were not sent, and count as not delivered and as errors.`,
      zh: `${r.unsent} 个到达未能构成请求${kinds ? `（${kinds}）` : ''}：它们没有发出，计为未完成投递，也计为错误。`,
    });
  }
  if (r.dropped > 0) {
    notes.push({
      en: `${r.dropped} arrival(s) were dropped: ${input.maxInflight} requests were in flight and the wait queue (${input.queueCapacity}) was full; the target could not keep up.`,
      zh: `${r.dropped} 个到达的请求被丢弃：在途请求已达 ${input.maxInflight} 个，等待队列（${input.queueCapacity}）已满；目标服务跟不上。`,
    });
  }
  if (input.interrupted)
    notes.push({
      en: `The run was interrupted: the figures cover the ${r.scheduled} requests that came due before it stopped.`,
      zh: `压测被中断：数据只包括停止前已到计划发送时间的 ${r.scheduled} 个请求。`,
    });
  return notes;
}

/**
 * The note of a closed-loop run: what its figures measure, and what they do not.
 *
 * @example
 * ```ts
 * closedLoopNote(50).en // 'Closed loop: 50 connections each sent the next request when the last was answered. …'
 * ```
 */
export function closedLoopNote(connections: number): Said {
  return {
    en: `Closed loop: ${connections} connections each sent the next request when the last was answered. That measures how much the target can take, not the latency users see at a set rate: a slow answer held the next request back. Use --rate for latency goals.`,
    zh: `闭环模式：${connections} 个连接各自在上一个请求得到应答后才发下一个。这测的是目标服务能承受多少，而不是在设定速率下用户看到的耗时：慢应答推迟了下一个请求。耗时目标请用 --rate。`,
  };
}

/**
 * The note of a warm-up: what it sent before the start, and that no figure or check counts it.
 *
 * @example
 * ```ts
 * warmupNote({ arrivals: 50, sent: 50, ok: 50, failed: 0, errors: {}, seconds: 1 }).en
 * // 'A warm-up went before the measured start: 50 arrivals, 50 sent, 50 OK, 0 failed, in 1 s. No figure or check counts them.'
 * ```
 */
export function warmupNote(w: WarmupResult): Said {
  const kinds = Object.entries(w.errors)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return {
    en: `A warm-up went before the measured start: ${w.arrivals} arrivals, ${w.sent} sent, ${w.ok} OK, ${w.failed} failed${kinds ? ` (${kinds})` : ''}, in ${w.seconds} s. No figure or check counts them.`,
    zh: `正式计时前先做了预热：${w.arrivals} 个到达，发出 ${w.sent} 个，成功 ${w.ok} 个，失败 ${w.failed} 个${kinds ? `（${kinds}）` : ''}，用时 ${w.seconds} 秒。任何数字和校验都不计入它们。`,
  };
}

/**
 * What a load file's `setup()` and `teardown()` did, a note each: their requests are in no
 * figure or check; a hook that threw is said.
 *
 * @example
 * ```ts
 * lifecycleNotes({ setup: { requests: 1, ok: 1, failed: 0, ms: 14 } })[0]?.en
 * // 'setup() sent 1 request(s) (1 OK, 0 failed) in 14 ms, before the first arrival; no figure or check counts them.'
 * ```
 */
export function lifecycleNotes(l: LifecycleFigures): Said[] {
  const notes: Said[] = [];
  for (const [name, h] of [
    ['setup', l.setup],
    ['teardown', l.teardown],
  ] as const) {
    if (!h) continue;
    const when = name === 'setup' ? 'before the first arrival' : 'after the last answer';
    const zhWhen = name === 'setup' ? '在第一个到达之前' : '在最后一个应答之后';
    notes.push({
      en: `${name}() sent ${h.requests} request(s) (${h.ok} OK, ${h.failed} failed) in ${h.ms} ms, ${when}; no figure or check counts them.${h.error ? ` It failed: ${h.error}.` : ''}`,
      zh: `${name}() ${zhWhen}发出 ${h.requests} 个请求（成功 ${h.ok}，失败 ${h.failed}），用时 ${h.ms} 毫秒；任何数字和校验都不计入它们。${h.error ? `它失败了：${h.error}。` : ''}`,
    });
  }
  return notes;
}

/**
 * Why the generator's own figures make the run suspect, if they do. Waiting in the queue for
 * a free slot is the target's doing and is not counted here; only the generator's lateness
 * in handling arrivals and its event-loop stalls are.
 *
 * @example
 * ```ts
 * generatorReasons({ ...lateness, p99: 14 }, 3)[0].en // 'late sends: p99 send lateness 14 ms (over 10 ms)'
 * ```
 */
export function generatorReasons(lateness: LatencySummary, eventLoopP99Ms: number): Said[] {
  const reasons: Said[] = [];
  if ((lateness.p99 ?? 0) > 10)
    reasons.push({
      en: `late sends: p99 send lateness ${lateness.p99} ms (over 10 ms)`,
      zh: `发压不准时：发送延迟 P99 为 ${lateness.p99} ms（超过 10 ms）`,
    });
  if (eventLoopP99Ms > 20)
    reasons.push({
      en: `event-loop stalls: p99 delay ${eventLoopP99Ms} ms (over 20 ms)`,
      zh: `事件循环卡顿：延迟 P99 为 ${eventLoopP99Ms} ms（超过 20 ms）`,
    });
  return reasons;
}

/**
 * The note of a generator-limited run, naming its reasons.
 *
 * @example
 * ```ts
 * generatorLimitedNote(result.generator.reasons).en // 'Generator-limited: the load generator fell behind (…)…'
 * ```
 */
export function generatorLimitedNote(reasons: readonly Said[]): Said {
  const why = joinSaid(reasons, '; ', '；');
  return {
    en: `Generator-limited: the load generator fell behind (${why.en}), so these figures show lptf's limit as much as the target's. Lower the rate, add --workers, or run lptf on another machine.`,
    zh: `发压端受限：压测工具自身落后于计划（${why.zh}），这些数据反映的既是目标服务的极限，也是 lptf 的极限。请降低速率、增加 --workers，或换一台机器运行 lptf。`,
  };
}

/**
 * What held a run's load back, when its `delivered` check failed: the in-flight limit (arrivals
 * waited for a free slot and went out after the schedule, or were dropped), the generator, or
 * the target refusing or timing out.
 *
 * @example
 * ```ts
 * deliveryNote({ achievedRate: 10.3, rate: 50, delivered: 0.206, requests, errors: {}, maxInflight: 5, queueCapacity: 500, scheduleSec: 10, windowSec: 48.5, behind: false }).en
 * // 'The planned load was not delivered: 10.3/s of 50/s (20.6%). What held it back: the in-flight limit: …'
 * ```
 */
export function deliveryNote(input: {
  achievedRate: number;
  rate: number;
  delivered: number;
  requests: RequestCounts;
  errors: Readonly<Record<string, number>>;
  maxInflight: number;
  queueCapacity: number;
  scheduleSec: number;
  windowSec: number;
  behind: boolean;
}): Said {
  const { requests: r, errors } = input;
  const reasons: Said[] = [];
  const afterSec = input.windowSec - input.scheduleSec;
  if (r.dropped > 0 || afterSec >= 1) {
    const after = afterSec.toFixed(1);
    const held = joinSaid(
      [
        ...(afterSec >= 1
          ? [
              {
                en: `the last request went out ${after} s after the schedule ended`,
                zh: `最后一个请求在计划结束 ${after} 秒后才发出`,
              },
            ]
          : []),
        ...(r.dropped > 0
          ? [
              {
                en: `${r.dropped} arrival(s) found the wait queue (${input.queueCapacity}) full`,
                zh: `${r.dropped} 个到达的请求遇到等待队列（${input.queueCapacity}）已满`,
              },
            ]
          : []),
      ],
      '; ',
      '；',
    );
    reasons.push({
      en: `the in-flight limit: ${input.maxInflight} requests were out at once and later arrivals waited (${held.en}); the target answered too slowly for that limit, so raise --max-inflight or lower the rate`,
      zh: `在途上限：同时有 ${input.maxInflight} 个请求在途，之后到达的请求只能等待（${held.zh}）；目标服务应答太慢，这个上限不够，请调高 --max-inflight 或降低速率`,
    });
  }
  if (input.behind)
    reasons.push({
      en: 'the generator fell behind its schedule (see the generator-limited note)',
      zh: '发压端落后于计划（见“发压端受限”一条）',
    });
  const refused = errors['refused'] ?? 0;
  if (refused > 0)
    reasons.push({ en: `the target refused ${refused} connection(s)`, zh: `目标服务拒绝了 ${refused} 个连接` });
  const timeouts = errors['timeout'] ?? 0;
  if (timeouts > 0)
    reasons.push({
      en: `${timeouts} request(s) held a slot until they timed out`,
      zh: `${timeouts} 个请求一直占着名额直到超时`,
    });
  if (r.unsent > 0)
    reasons.push({
      en: `${r.unsent} arrival(s) never became a request (see the note above)`,
      zh: `${r.unsent} 个到达未能构成请求（见上一条）`,
    });
  if (r.cancelled > 0)
    reasons.push({
      en: `${r.cancelled} request(s) were cancelled when the run stopped`,
      zh: `压测停止时取消了 ${r.cancelled} 个请求`,
    });
  const pct = `${(input.delivered * 100).toFixed(1)}%`;
  const why =
    reasons.length > 0
      ? joinSaid(reasons, '; ', '；')
      : {
          en: 'nothing lptf measured; look at the generator and the network',
          zh: 'lptf 的测量中找不到原因；请检查发压机器和网络',
        };
  return {
    en: `The planned load was not delivered: ${input.achievedRate}/s of ${input.rate}/s (${pct}). What held it back: ${why.en}.`,
    zh: `计划压力未送达：实际 ${input.achievedRate}/s，计划 ${input.rate}/s（${pct}）。原因：${why.zh}。`,
  };
}

/** The host (and port) of a URL for a note, or the text itself if it is no URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
