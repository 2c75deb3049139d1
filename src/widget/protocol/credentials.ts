import type { Problem } from '../../core/errors/index.js';
import { aesKeyFrom } from './crypto.js';

/**
 * What a widget backend is configured with on the mini program: its Token, EncodingAESKey,
 * AppID and original id (`gh_…`). Never printed, logged or written into a report.
 *
 * @example
 * ```ts
 * const creds = checkCredentials({ token: { value: 't', where: '--token' }, … }).credentials
 * ```
 */
export interface WidgetCredentials {
  readonly token: string;
  /** The 32-byte AES key decoded from the EncodingAESKey. */
  readonly key: Buffer;
  readonly appId: string;
  readonly ghId: string;
}

type Field = { readonly value: unknown; readonly where: string } | undefined;

/**
 * Validates credentials, reporting every missing or malformed field by name. `needKey` is false
 * in plain mode, where nothing is encrypted: then every field is optional (placeholders sign
 * the URL), so business processing can be measured without credentials.
 *
 * @example
 * ```ts
 * checkCredentials({ token, aesKey, appId, ghId }, true).problems // [] when all are fine
 * ```
 */
export function checkCredentials(
  fields: { token: Field; aesKey: Field; appId: Field; ghId: Field },
  needKey: boolean,
): { credentials?: WidgetCredentials; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = (f: Field, name: string, env: string, placeholder: string): string | undefined => {
    if (f === undefined || f.value === undefined || f.value === '') {
      if (!needKey) return placeholder;
      problems.push({
        where: name,
        message: `required by the widget protocol (or set ${env}); use --plain to send cases unencrypted`,
      });
      return undefined;
    }
    return String(f.value);
  };
  const token = text(fields.token, '--token', 'LPTF_WX_TOKEN', 'lptfplain');
  if (token !== undefined && !/^[A-Za-z0-9]{3,32}$/.test(token))
    problems.push({ where: fields.token!.where, message: 'a Token is 3 to 32 letters or digits' });
  const appId = text(fields.appId, '--appid', 'LPTF_WX_APPID', 'wx0000000000000000');
  const ghId = fields.ghId?.value === undefined ? 'gh_000000000000' : String(fields.ghId.value);
  if (!/^gh_\w+$/.test(ghId))
    problems.push({ where: fields.ghId!.where, message: `"${ghId}" is not a mini program original id (gh_…)` });
  let key: Buffer | undefined = Buffer.alloc(32);
  if (needKey) {
    const encoding = text(fields.aesKey, '--aes-key', 'LPTF_WX_AES_KEY', '');
    key = encoding === undefined ? undefined : aesKeyFrom(encoding);
    if (encoding !== undefined && !key) {
      problems.push({
        where: fields.aesKey!.where,
        message: `an EncodingAESKey is 43 characters of A-Z, a-z, 0-9, + and /; got ${encoding.length} characters`,
      });
    }
  }
  if (problems.length > 0 || token === undefined || appId === undefined || !key) return { problems };
  return { credentials: { token, key, appId, ghId }, problems };
}

/**
 * Replaces every credential found in a text (a reply snippet, an error message) with
 * `[redacted]`, before it goes into a report.
 *
 * @example
 * ```ts
 * redactCredentials('token=abc', creds) // 'token=[redacted]'
 * ```
 */
export function redactCredentials(text: string, creds: WidgetCredentials | undefined): string {
  if (!creds) return text;
  let out = text;
  for (const secret of [creds.token, creds.key.toString('base64').slice(0, 43), creds.appId]) {
    if (secret.length >= 3) out = out.split(secret).join('[redacted]');
  }
  return out;
}
