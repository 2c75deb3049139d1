import type { TestCase } from '../../core/cases/index.js';
import type { Outcome } from '../../core/run/outcome.js';
import type { HttpResponse } from '../../core/transport/index.js';
import { statusKind } from '../../core/transport/index.js';
import { redactCredentials, type WidgetCredentials } from './credentials.js';
import { checkWidgetReply } from './reply-check.js';
import { type WidgetWire, widgetUser } from './request-builder.js';
import { WidgetProtocolError } from './widget-error.js';

/**
 * The `err_code`s each group expects; groups not named expect `default`.
 *
 * @example
 * ```ts
 * const expect: ErrCodeExpectations = { ...DEFAULT_EXPECTATIONS, abnormal: [-2] }
 * ```
 */
export type ErrCodeExpectations = Readonly<Record<string, readonly number[]>>;

/**
 * Sensible expectations: normal cases get an answer (0) or "no result" (-1); abnormal cases a
 * quick -1 or -2 ("bad parameters"); any other group is read as normal.
 *
 * @example
 * ```ts
 * DEFAULT_EXPECTATIONS.abnormal // [-1, -2]
 * ```
 */
export const DEFAULT_EXPECTATIONS: ErrCodeExpectations = { normal: [0, -1], abnormal: [-1, -2], default: [0, -1] };

/**
 * Judges a widget backend's answer: a rejected status fails as `http_…`; a reply that fails
 * the protocol (signature, decryption, AppID, shape) fails as `protocol_…` with its reason as
 * an example (credentials redacted). A valid reply is an answer, timed as one; if its
 * `err_code` is not one its case's group expects, it is also `unexpected_err_code`, which fails
 * the `expected_rate` check (the form's `err_code 符合预期` row), not the latency rows. Every
 * answer that carries an `err_code` is tallied by it.
 *
 * @example
 * ```ts
 * const classify = widgetClassifier(creds, wire, DEFAULT_EXPECTATIONS, (s) => s < 400)
 * classify(response, testCase, seq) // { ok: true, code: '0' }
 * ```
 */
export function widgetClassifier(
  creds: WidgetCredentials,
  wire: WidgetWire,
  expect: ErrCodeExpectations,
  isOk: (status: number) => boolean,
): (res: HttpResponse, testCase: TestCase, seq: number) => Outcome {
  return (res, testCase, seq) => {
    if (!isOk(res.status)) return { ok: false, kind: statusKind(res.status) };
    try {
      const sent = { ToUserName: creds.ghId, FromUserName: widgetUser(seq), Query: testCase.text, Scene: 1 };
      const reply = checkWidgetReply(res.body, creds, wire, sent);
      const code = String(reply.errCode);
      const warning = reply.warnings.length > 0 ? reply.warnings.join('; ') : undefined;
      // A load file's scenario records the case under its own name: the case's group still says what it expects.
      const group = testCase.caseGroup ?? testCase.group;
      const expected = expect[group] ?? expect['default'] ?? [];
      // The cache time each reply declares, tallied: the report compares it with how often a case repeats.
      const tally = reply.lifespan === undefined ? {} : { tally: `lifespan=${reply.lifespan}` };
      if (expected.includes(reply.errCode)) return { ok: true, code, ...tally, ...(warning ? { warning } : {}) };
      // An answer all the same: timed as one, and judged by expected_rate, not by the latency rows.
      return {
        ok: true,
        code,
        unexpected: 'unexpected_err_code',
        example: `err_code ${code} for ${testCase.file}:${testCase.line} (${group} expects ${expected.join(' or ')})`,
        ...tally,
        ...(warning ? { warning } : {}),
      };
    } catch (err) {
      if (!(err instanceof WidgetProtocolError)) throw err;
      return { ok: false, kind: `protocol_${err.kind}`, example: redactCredentials(err.message, creds) };
    }
  };
}
