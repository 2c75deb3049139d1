import { STATUS_CODES } from 'node:http';
import { noCases, shuffledCases, type TestCase } from '../../core/cases/index.js';
import { RequestFailure } from '../../core/errors/index.js';
import { isSecretName, redactText, redactUrl } from '../../core/redact/index.js';
import type { NextStep } from '../../core/run/request-sender.js';
import { type HttpRequest, type HttpResponse, h1Transport } from '../../core/transport/index.js';
import { terminalSafe } from '../../render/safe-text.js';
import type { ResolvedPlan } from '../plan/index.js';
import { setUp, tearDown } from './hooks.js';
import { requestPlanOf } from './run-parts.js';

/** The most arrivals `--debug` looks through for each scenario's first ones. */
const SEARCH_LIMIT = 100_000;
/** The most of a body `--debug` prints. */
const BODY_CHARS = 8_000;

/**
 * `lptf run x.load.ts --debug [n]`: sends the first `n` arrivals of each scenario one at a time
 * (a flow's steps in order, without their think time), and prints each request and answer in full
 * (credentials redacted), each verdict and what each step extracted. Nothing is recorded: no
 * figure, no check, no file. A load file's `setup()` and `teardown()` run around it, once.
 * Resolves with how many requests were not accepted.
 *
 * @example
 * ```ts
 * const { failed } = await debugRun(resolved, 1, process.stdout)
 * ```
 */
export async function debugRun(
  resolved: ResolvedPlan,
  perScenario: number,
  out: { write(text: string): unknown },
): Promise<{ sent: number; failed: number }> {
  const { plan } = resolved;
  // What a target sent is shown, never obeyed: no terminal escape in it reaches the terminal.
  const say = (text: string): unknown => out.write(`${text.split('\n').map(terminalSafe).join('\n')}\n`);
  const setup = await setUp(resolved);
  const request = requestPlanOf(plan, setup.value);
  const build = plan.protocol.requestBuilder(request);
  const classify = plan.protocol.classifier(request);
  const options = {
    connections: 1,
    timeoutMs: plan.timeoutMs,
    keepBody: true,
    keepHeaders: true,
    insecure: plan.insecure,
  };
  const own = plan.protocol.transport;
  const transport = own ? own.open(plan.origin, options, () => 1) : h1Transport(plan.origin, options);
  const version = own?.version ?? 'HTTP/1.1';
  const cases = resolved.caseGroups.length > 0 ? shuffledCases(resolved.caseGroups, plan.seed) : noCases();
  const arrivals = resolved.arrivals ? resolved.arrivals(cases) : cases;
  const names = plan.scenarios?.map((s) => s.name);
  const taken = new Map<string, number>();
  let sent = 0;
  let failed = 0;
  say(`lptf: debug: the first ${perScenario} arrival(s) of each scenario, one at a time; nothing is recorded`);
  for (let seq = 0; seq < SEARCH_LIMIT; seq++) {
    if (names ? names.every((n) => (taken.get(n) ?? 0) >= perScenario) : seq >= perScenario) break;
    const first = arrivals.next();
    const scenarioName = names?.find((n) => first.group === n || first.group.startsWith(`${n}.`)) ?? first.group;
    if (names && (taken.get(scenarioName) ?? 0) >= perScenario) continue;
    taken.set(scenarioName, (taken.get(scenarioName) ?? 0) + 1);
    say(`\n=== arrival ${seq}${names ? `: ${scenarioName}` : ''}`);
    for (let testCase: TestCase | undefined = first; testCase; ) {
      let req: HttpRequest;
      try {
        req = build(testCase, seq);
      } catch (err) {
        failed++;
        const kind = err instanceof RequestFailure ? err.kind : 'build_request';
        say(`--- ${testCase.group}: not sent: ${kind}: ${(err as Error).message}`);
        break;
      }
      say(`--- ${testCase.group}`);
      say(requestText(req, version));
      sent++;
      const started = performance.now();
      const res = await new Promise<{ err?: Error; res?: HttpResponse }>((resolve) =>
        transport.send(req, (err, answer) => resolve(err ? { err } : { ...(answer ? { res: answer } : {}) })),
      );
      const ms = (performance.now() - started).toFixed(1);
      if (!res.res) {
        failed++;
        say(`<<< no answer after ${ms} ms: ${res.err?.message ?? 'unknown'}`);
        break;
      }
      say(answerText(res.res, ms));
      const before = { ...(testCase.vars ?? {}) };
      const outcome = classify(res.res, testCase, seq);
      if (!outcome.ok) {
        failed++;
        say(`✘ ${outcome.kind}${outcome.example ? `: ${redactText(outcome.example)}` : ''}`);
        break;
      }
      say(
        `✔ accepted${outcome.unexpected ? ` (but ${outcome.unexpected})` : ''}${outcome.code ? ` (code ${outcome.code})` : ''}`,
      );
      const next: NextStep | undefined = plan.protocol.nextStep?.(testCase, seq);
      const vars = next?.testCase.vars ?? testCase.vars ?? {};
      const extracted = Object.entries(vars).filter(([k, v]) => before[k] !== v);
      if (extracted.length > 0)
        say(
          `extracted: ${extracted.map(([k, v]) => `${k} = ${redactText(JSON.stringify(v) ?? String(v))}`).join(', ')}`,
        );
      if (next && next.afterMs > 0) say(`(think ${next.afterMs} ms: not waited in --debug)`);
      testCase = next?.testCase;
    }
  }
  await transport.close();
  const lifecycle = await tearDown(resolved, setup);
  for (const [name, h] of Object.entries(lifecycle))
    say(`\n${name}(): ${h.requests} request(s), ${h.ok} OK, ${h.failed} failed${h.error ? `; ${h.error}` : ''}`);
  say(`\nlptf: debug: ${sent} request(s) sent, ${failed} not accepted; nothing recorded`);
  return { sent, failed };
}

/** A request as it goes on the wire, credentials redacted. */
function requestText(req: HttpRequest, version: string): string {
  const lines = [`>>> ${req.method} ${redactUrl(req.path)} ${version}`];
  for (const [k, v] of Object.entries(req.headers)) lines.push(`>>> ${k}: ${isSecretName(k) ? '[redacted]' : v}`);
  if (req.body !== undefined) lines.push('>>>', ...bodyLines(String(req.body), '>>> '));
  return lines.join('\n');
}

/** An answer as it came, credentials redacted. */
function answerText(res: HttpResponse, ms: string): string {
  const lines = [`<<< ${res.status} ${STATUS_CODES[res.status] ?? ''} (${ms} ms, ${res.bytes} bytes)`];
  for (const [k, v] of res.headers ?? []) lines.push(`<<< ${k}: ${isSecretName(k) ? '[redacted]' : v}`);
  const body = res.body ?? res.bodyPrefix;
  if (body && body.length > 0) lines.push('<<<', ...bodyLines(body.toString('utf8'), '<<< '));
  return lines.join('\n');
}

/** A body's lines, redacted and cut at {@link BODY_CHARS}. */
function bodyLines(text: string, prefix: string): string[] {
  const shown = redactText(text.slice(0, BODY_CHARS));
  const cut = text.length > BODY_CHARS ? [`${prefix}… (${text.length - BODY_CHARS} more characters)`] : [];
  return [...shown.split('\n').map((l) => `${prefix}${l}`), ...cut];
}
