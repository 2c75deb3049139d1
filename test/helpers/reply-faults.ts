import type { ReplyTamper } from '../../src/widget/protocol/backend-side.js';

/**
 * One way to break each field of a widget reply that §4 of the protocol fixes, and the failure
 * kind lptf must give it. For test backends that break one field at a time.
 *
 * @example
 * ```ts
 * widgetReplyBody(event, data, creds, wire, { tamper: REPLY_FAULTS.query.tamper })
 * ```
 */
export const REPLY_FAULTS: Readonly<Record<string, { readonly tamper: ReplyTamper; readonly kind: string }>> = {
  msgtype: {
    kind: 'wrong_msg_type',
    tamper: (w) => {
      w['MsgType'] = 'text';
    },
  },
  users: {
    kind: 'wrong_users',
    tamper: (w) => {
      const to = w['ToUserName'] as string;
      w['ToUserName'] = w['FromUserName'] as string;
      w['FromUserName'] = to;
    },
  },
  createtime: { kind: 'no_create_time', tamper: (w) => void delete w['CreateTime'] },
  query: {
    kind: 'wrong_query',
    tamper: (_w, inner) => {
      inner['query'] = '{"type": 1, "slot_list": []}';
    },
  },
  scene: { kind: 'bad_scene', tamper: (_w, inner) => void delete inner['scene'] },
  lifespan: {
    kind: 'bad_lifespan',
    tamper: (_w, inner) => {
      inner['lifespan'] = -5;
    },
  },
};
