import { randomBytes, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TestCase } from '../../core/cases/index.js';
import { BodyTooLargeError, MAX_KEPT_BODY_BYTES } from '../../core/transport/index.js';
import { redactCredentials, type WidgetCredentials } from './credentials.js';
import { sign } from './crypto.js';
import { ERR_CODE_MEANING } from './err-codes.js';
import { checkWidgetReply, type WidgetReply } from './reply-check.js';
import { type WidgetEvent, type WidgetWire, widgetEvent, widgetRequestBuilder } from './request-builder.js';
import { WidgetProtocolError } from './widget-error.js';

/**
 * Everything one probe saw: what was sent, what came back, what it meant, and what is wrong.
 *
 * @example
 * ```ts
 * const report = await probeWidget('http://127.0.0.1:8080/widget', testCase, creds, wire)
 * report.problems // [] when the backend is right
 * ```
 */
export interface ProbeReport {
  readonly event: WidgetEvent;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
  readonly response?: { readonly status: number; readonly ms: number; readonly body: string };
  readonly reply?: WidgetReply;
  readonly handshake: { readonly ok: boolean; readonly detail: string };
  readonly problems: readonly string[];
}

/**
 * Sends one case to a widget backend as WeChat would, checks the reply, and checks the GET
 * URL-verification handshake (`signature, timestamp, nonce, echostr` must echo `echostr`).
 * Never throws for what the backend does: every fault lands in `problems`.
 *
 * @example
 * ```ts
 * const report = await probeWidget(url, testCase, creds, { plain: false, format: 'json' })
 * ```
 */
export async function probeWidget(
  url: string,
  testCase: TestCase,
  creds: WidgetCredentials,
  wire: WidgetWire,
  timeoutMs = 10_000,
): Promise<ProbeReport> {
  const target = new URL(url);
  const problems: string[] = [];
  const built = widgetRequestBuilder(creds, wire)(testCase, 0, target.pathname + target.search);
  const event = widgetEvent(testCase, 0, creds.ghId, Number(new URL(built.path, target).searchParams.get('timestamp')));
  const fullUrl = new URL(built.path, target.origin).toString();
  let response: ProbeReport['response'];
  let reply: WidgetReply | undefined;
  try {
    const started = performance.now();
    const res = await (await undici()).request(fullUrl, {
      method: 'POST',
      headers: built.headers,
      body: built.body ?? '',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await boundedText(res.body);
    response = { status: res.statusCode, ms: Math.round((performance.now() - started) * 100) / 100, body };
    if (res.statusCode !== 200) problems.push(`HTTP status ${res.statusCode}: WeChat expects 200`);
    reply = checkWidgetReply(Buffer.from(body), creds, wire, event);
    for (const w of reply.warnings) problems.push(`${w} (tolerated, but the guide's format is safer)`);
    if (reply.wrapper['MsgType'] !== 'widget_data')
      problems.push(`MsgType is "${String(reply.wrapper['MsgType'])}", not "widget_data"`);
    if (ERR_CODE_MEANING[reply.errCode] === undefined)
      problems.push(`err_code ${reply.errCode} is not one of 0, -1, -2, -3`);
  } catch (err) {
    const e = err as Error;
    problems.push(
      err instanceof WidgetProtocolError
        ? `reply: ${err.kind}: ${redactCredentials(err.message, creds)}`
        : `request failed: ${e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : e.message}`,
    );
  }
  return {
    event,
    request: { method: built.method, url: fullUrl, headers: built.headers, body: built.body ?? '' },
    ...(response ? { response } : {}),
    ...(reply ? { reply } : {}),
    handshake: await handshake(target, creds, timeoutMs),
    problems,
  };
}

/**
 * A reply's text, read up to what a load run keeps of a body ({@link MAX_KEPT_BODY_BYTES}): a
 * target that sends a gigabyte gets a `body_too_large` failure, not a probe that fills memory.
 */
async function boundedText(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_KEPT_BODY_BYTES) {
      const err = new BodyTooLargeError();
      body.destroy(err);
      throw err;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** undici, loaded on first use: a load run that never probes need not load it at start-up. */
const undici = (): Promise<typeof import('undici')> => import('undici');

async function handshake(target: URL, creds: WidgetCredentials, timeoutMs: number): Promise<ProbeReport['handshake']> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9, 1e10));
  const echostr = randomBytes(9).toString('hex');
  const url = new URL(target);
  for (const [k, v] of Object.entries({ signature: sign([creds.token, timestamp, nonce]), timestamp, nonce, echostr }))
    url.searchParams.set(k, v);
  try {
    const res = await (await undici()).request(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    const body = (await boundedText(res.body)).trim();
    if (res.statusCode === 200 && body === echostr) return { ok: true, detail: 'echostr echoed' };
    return {
      ok: false,
      detail: `expected status 200 and the echostr back, got ${res.statusCode} "${body.slice(0, 60)}"`,
    };
  } catch (err) {
    return { ok: false, detail: `request failed: ${(err as Error).message}` };
  }
}

/**
 * Renders a probe for the terminal.
 *
 * @example
 * ```ts
 * process.stdout.write(renderProbe(report))
 * ```
 */
export function renderProbe(r: ProbeReport): string {
  const out: string[] = [];
  const section = (title: string, ...lines: string[]): void => void out.push(title, ...lines.map((l) => `  ${l}`), '');
  section('Plain event', ...JSON.stringify(r.event, null, 2).split('\n'));
  section(
    'HTTP request',
    `${r.request.method} ${r.request.url}`,
    ...Object.entries(r.request.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    r.request.body,
  );
  if (r.response)
    section('HTTP response', `status ${r.response.status} in ${r.response.ms} ms`, r.response.body.slice(0, 600));
  if (r.reply) {
    section('Decrypted reply', ...JSON.stringify(r.reply.wrapper, null, 2).split('\n'));
    section(
      'data',
      ...JSON.stringify(r.reply.data, null, 2).split('\n'),
      `err_code ${r.reply.errCode} (${ERR_CODE_MEANING[r.reply.errCode] ?? 'unknown'})`,
    );
  }
  section(
    'URL verification (GET handshake)',
    r.handshake.ok ? `ok: ${r.handshake.detail}` : `FAILED: ${r.handshake.detail}`,
  );
  const problems = [...r.problems, ...(r.handshake.ok ? [] : ['the GET handshake failed'])];
  out.push(
    problems.length === 0
      ? 'OK: the backend speaks the widget protocol'
      : `PROBLEMS:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    '',
  );
  return out.join('\n');
}
