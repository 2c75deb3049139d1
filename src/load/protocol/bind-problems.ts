import type { ProtocolContext } from './protocol.js';

/** Where a problem is, as a field's value says it (`--ws-send`, `lptf.yaml:3 wsSend`). */
type Where = { readonly where: string };

/** What a protocol's `bind` uses to say what is wrong with a plan, every problem at once. */
export interface BindProblems {
  /** Says a problem at `src`; returns undefined, so that a field's reader can return it. */
  bad(src: Where, message: string): undefined;
  /** Refuses each field the plan sets that this protocol has no use for; `why` says what to do instead. */
  refuse(protocol: string, fields: readonly (readonly [key: string, why: string])[]): void;
  /** Whether any problem was said: `bind` then returns nothing. */
  readonly any: boolean;
}

/**
 * The problems of one `bind`, said to the plan's list and counted, so that a protocol validates all
 * its fields before it gives up, and refuses a plain-HTTP field it would otherwise ignore.
 *
 * @example
 * ```ts
 * const p = bindProblems(ctx)
 * p.refuse('ws', [['body', 'a session sends its --ws-send messages: give them there']])
 * if (p.any) return undefined
 * ```
 */
export function bindProblems(ctx: ProtocolContext): BindProblems {
  let count = 0;
  const bad = (src: Where, message: string): undefined => {
    count++;
    ctx.problem({ where: src.where, message });
    return undefined;
  };
  return {
    bad,
    refuse(protocol, fields) {
      for (const [key, why] of fields) {
        const src = ctx.get(key);
        if (src) bad(src, `${protocol}: ${why}`);
      }
    },
    get any() {
      return count > 0;
    },
  };
}
