import type { TestCase } from '../cases/index.js';
import { type HttpResponse, statusKind } from '../transport/index.js';

/**
 * How an answer is judged: accepted, or failed with a kind. `code` tallies a reply code (the
 * widget protocol's `err_code`); `example` is a short, credential-free description kept for the
 * first few failures of a kind; `warning` counts something tolerated but worth knowing. An answer
 * that is `ok` but `unexpected` (of that kind) came in time and is timed as one, but its content
 * is not what its case expected: it fails the content check (`expected_rate`), not the latency rows.
 *
 * @example
 * ```ts
 * const o: Outcome = { ok: false, kind: 'protocol_bad_signature', example: 'MsgSignature does not match' }
 * ```
 */
export type Outcome =
  | {
      readonly ok: true;
      readonly code?: string;
      readonly warning?: string;
      readonly unexpected?: string;
      readonly example?: string;
    }
  | {
      readonly ok: false;
      readonly kind: string;
      readonly code?: string;
      readonly example?: string;
      readonly warning?: string;
    };

/**
 * The plain HTTP judgement: accepted statuses are OK, others fail as `http_<status>`.
 *
 * @example
 * ```ts
 * statusOutcome((s) => s < 400)({ status: 503, bytes: 0 }, testCase) // { ok: false, kind: 'http_503' }
 * ```
 */
export function statusOutcome(isOk: (status: number) => boolean): (res: HttpResponse, testCase: TestCase) => Outcome {
  return (res) => (isOk(res.status) ? { ok: true } : { ok: false, kind: statusKind(res.status) });
}
