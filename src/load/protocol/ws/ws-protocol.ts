import type { Outcome } from '../../../core/run/outcome.js';
import { compileTemplate, type Template } from '../../../core/template/index.js';
import { statusKind } from '../../../core/transport/index.js';
import { readField, type TypedField } from '../../fields/field.js';
import { stringList } from '../../fields/parse-field.js';
import { bindProblems } from '../bind-problems.js';
import { type BoundProtocol, type Protocol, type ProtocolTransport, stepGroup } from '../protocol.js';
import { type WsRequest, WsSession } from './ws-session.js';
import { wsTransport } from './ws-transport.js';

/** The most messages a session may send: each is a step, and a step is a group of the result. */
const MAX_MESSAGES = 100;

/** The messages a session sends, in turn, each after the reply to the one before. */
export const WS_SEND: TypedField<readonly Template[]> = {
  key: 'wsSend',
  flags: '--ws-send <template>',
  help: 'ws: a message each session sends, in turn, each once the one before is answered (placeholders as in --body); repeatable; none: a session only connects',
  group: 'request',
  repeatable: true,
  fallback: [],
  parse: (src, bad) => {
    const texts = stringList(src, bad);
    if (texts.length > MAX_MESSAGES)
      return bad(src, `${texts.length} messages are more than a session may send (${MAX_MESSAGES})`);
    const templates: Template[] = [];
    for (const t of texts)
      try {
        templates.push(compileTemplate(t));
      } catch (err) {
        return bad(src, `${JSON.stringify(t)}: ${(err as Error).message}`);
      }
    return templates;
  },
};

/**
 * What a reply must hold to count: one for every message, or one per message in order. A text
 * between slashes is a regular expression (`/"ok":\s*true/`); any other text must be contained.
 */
export const WS_EXPECT: TypedField<readonly Expectation[]> = {
  key: 'wsExpect',
  flags: '--ws-expect <text|/regex/>',
  help: 'ws: what a reply must contain to count (a text, or /regex/), one for every message or one per message in order; default: any reply',
  group: 'request',
  repeatable: true,
  fallback: [],
  parse: (src, bad) => {
    const expectations: Expectation[] = [];
    for (const t of stringList(src, bad)) {
      const re = /^\/(.+)\/([imsu]*)$/s.exec(t);
      if (!re) {
        if (t === '') return bad(src, 'an empty text is in every reply: leave it out');
        expectations.push({ source: t, test: (reply) => reply.includes(t) });
        continue;
      }
      try {
        const pattern = new RegExp(re[1] as string, re[2]);
        expectations.push({ source: t, test: (reply) => pattern.test(reply) });
      } catch (err) {
        return bad(src, `${t}: ${(err as Error).message}`);
      }
    }
    return expectations;
  },
};

/** A reply's test, and how it was written (for the failure's example). */
export interface Expectation {
  readonly source: string;
  readonly test: (reply: string) => boolean;
}

/** Where one arrival's session stands: its socket's owner, its step, and the arrival's group. */
interface SessionState {
  readonly session: WsSession;
  readonly step: number;
  readonly group: string;
}

/** Its reply, shortened for a failure's example. */
function shown(reply: Buffer | undefined): string {
  if (!reply) return '(not kept)';
  const text = reply.subarray(0, 120).toString('utf8');
  return reply.length > 120 ? `${text}…` : text;
}

/**
 * WebSocket: each arrival is a session. Its first request opens it (the upgrade, timed from its
 * intended start, TCP connect included) and is recorded in the arrival's group; then it sends each
 * `--ws-send` message in turn, each recorded as `<group>.<n>` and timed from its send to the
 * session's next message, its reply, which must hold what `--ws-expect` says. A session ends with
 * a normal close after its last reply; one the server drops fails where it stood (`ws_closed`), and
 * its later messages are never sent. `--rate` is sessions a second. `--protocol ws` on an
 * `http://` (or `https://`) URL, a config's `protocol: ws`, or a scenario's
 * `protocol: { name: 'ws', options: { wsSend: [...] } }`.
 *
 * @example
 * ```ts
 * wsProtocol.bind(ctx)?.requestBuilder(request)(testCase, 0) // the session's connect
 * ```
 */
export const wsProtocol: Protocol = {
  name: 'ws',
  fields: [WS_SEND, WS_EXPECT],
  bind(ctx) {
    const problems = bindProblems(ctx);
    const sends = readField(WS_SEND, ctx.get, problems.bad);
    const expects = readField(WS_EXPECT, ctx.get, problems.bad);
    problems.refuse('ws', [
      ['client', '--client chooses an HTTP/1.1 client; ws opens its own connections'],
      ['body', 'a session sends its --ws-send messages: give them there'],
      ['method', 'a session opens with a GET, the upgrade'],
      ['followRedirects', 'an upgrade is answered where it is sent; give the URL that upgrades'],
    ]);
    if (sends && expects && expects.length > 1 && expects.length !== sends.length)
      problems.bad(
        ctx.get('wsExpect') ?? { where: '--ws-expect' },
        `${expects.length} expectations for ${sends.length} messages: give one for every message, or one for each`,
      );
    if (problems.any || !sends || !expects) return undefined;
    const expectOf = (step: number): Expectation | undefined => (expects.length === 1 ? expects[0] : expects[step - 1]);
    const transport: ProtocolTransport = {
      version: 'WebSocket',
      open: (origin, options) => wsTransport(origin, options),
    };
    /** Each open session by the arrival it serves (its index in the run, which every step of it shares). */
    const sessions = new Map<number, SessionState>();
    const bound: BoundProtocol = {
      name: 'ws',
      defaultMethod: 'GET',
      keepBody: expects.length > 0,
      transport,
      sessionSteps: sends.length,
      requestBuilder(plan) {
        return (testCase, seq): WsRequest => {
          const state = sessions.get(seq);
          const ctxOf = { testCase, seq };
          if (!state || state.session.closed) {
            // An arrival: its session is made here and opened by the transport.
            const session = new WsSession(() => sessions.delete(seq));
            if (!plan.rehearsal) sessions.set(seq, { session, step: 0, group: testCase.group });
            return { method: 'GET', path: plan.path.render(ctxOf), headers: plan.headers, session, step: 0 };
          }
          const message = sends[state.step - 1] as Template;
          return {
            method: 'SEND',
            path: plan.path.render(ctxOf),
            headers: {},
            body: message.render(ctxOf),
            session: state.session,
            step: state.step,
          };
        };
      },
      classifier() {
        return (res, _testCase, seq): Outcome => {
          const state = sessions.get(seq);
          const step = state?.step ?? 0;
          const fail = (outcome: Outcome): Outcome => {
            state?.session.end(true);
            return outcome;
          };
          if (step === 0)
            return res.status === 101
              ? { ok: true }
              : fail({ ok: false, kind: statusKind(res.status), example: `GET → ${res.status}: not upgraded` });
          const expect = expectOf(step);
          if (!expect || expect.test(res.body?.toString('utf8') ?? '')) return { ok: true };
          return fail({
            ok: false,
            kind: 'ws_unexpected',
            example: `message ${step}: the reply ${JSON.stringify(shown(res.body))} does not hold ${expect.source}`,
          });
        };
      },
      nextStep(testCase, seq) {
        const state = sessions.get(seq);
        if (!state) return undefined;
        if (state.step >= sends.length) {
          // Its last reply came: the session closes normally.
          state.session.end();
          return undefined;
        }
        const step = state.step + 1;
        sessions.set(seq, { ...state, step });
        return { testCase: { ...testCase, group: stepGroup(state.group, step) }, afterMs: 0 };
      },
    };
    return bound;
  },
};
