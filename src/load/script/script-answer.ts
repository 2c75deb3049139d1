import type { Outcome } from '../../core/run/outcome.js';
import type { HttpResponse } from '../../core/transport/index.js';
import type { CheckVerdict, ScriptContext, ScriptResponse } from './load-test.js';
import { clip, errorText, isThenable } from './script-text.js';

const OK: Outcome = { ok: true };

/**
 * An answer as a check sees it; the body is decoded only if the check reads it (one object, methods on the prototype).
 *
 * @example
 * ```ts
 * new ScriptAnswer({ status: 200, bytes: 2, body: Buffer.from('{}') }).json() // {}
 * ```
 */
export class ScriptAnswer implements ScriptResponse {
  private decoded: string | undefined;
  constructor(private readonly res: HttpResponse) {}
  get status(): number {
    return this.res.status;
  }
  get text(): string {
    this.decoded ??= this.res.body?.toString('utf8') ?? '';
    return this.decoded;
  }
  json(): unknown {
    return JSON.parse(this.text);
  }
  header(name: string): string | undefined {
    const key = name.toLowerCase();
    let value: string | undefined;
    for (const [k, v] of this.res.headers ?? []) if (k === key) value = value === undefined ? v : `${value}, ${v}`;
    return value;
  }
}

/**
 * A check's verdict on an answer as an outcome: a failure of kind `check:<label>`, or a `script_error`.
 *
 * @example
 * ```ts
 * judge((res) => res.status === 200 || 'not 200', 'search', answer, ctx) // { ok: true }
 * ```
 */
export function judge(
  check: (res: ScriptResponse, ctx: ScriptContext) => CheckVerdict,
  label: string,
  answer: ScriptResponse,
  ctx: ScriptContext,
): Outcome {
  let verdict: CheckVerdict | unknown;
  try {
    verdict = check(answer, ctx);
  } catch (err) {
    return { ok: false, kind: 'script_error', example: `check() of ${label} threw ${errorText(err)}` };
  }
  if (verdict === true || verdict === undefined) return OK;
  if (verdict === false) return { ok: false, kind: `check:${label}` };
  if (typeof verdict === 'string') return { ok: false, kind: `check:${label}`, example: clip(verdict) };
  return {
    ok: false,
    kind: 'script_error',
    example: `check() of ${label} returned ${isThenable(verdict) ? 'a promise' : typeof verdict}: expected true, false or a reason (text), at once`,
  };
}
