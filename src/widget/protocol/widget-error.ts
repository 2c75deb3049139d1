/**
 * Why a widget message could not be trusted or read.
 *
 * @example
 * ```ts
 * if (err.kind === ('appid_mismatch' satisfies WidgetErrorKind)) console.warn('wrong AppID')
 * ```
 */
export type WidgetErrorKind =
  | 'bad_signature'
  | 'bad_base64'
  | 'bad_padding'
  | 'bad_length'
  | 'appid_mismatch'
  | 'decrypt_failed'
  | 'bad_reply'
  | 'wrong_msg_type'
  | 'wrong_users'
  | 'no_create_time'
  | 'wrong_query'
  | 'bad_scene'
  | 'bad_lifespan';

/**
 * A message of the widget protocol that fails a check, with a stable `kind` (reports count
 * failures by it). The reference samples' numeric codes are kept for users who know them.
 *
 * @example
 * ```ts
 * throw new WidgetProtocolError('appid_mismatch', 'the reply is for AppID wx0000')
 * ```
 */
export class WidgetProtocolError extends Error {
  readonly code: string;

  constructor(
    readonly kind: WidgetErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'WidgetProtocolError';
    this.code = `LPTF_WIDGET_${kind.toUpperCase()}`;
  }
}
