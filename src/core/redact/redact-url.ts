/**
 * Names whose values are credentials: in query strings, headers and flags. Long words match
 * anywhere in a name (`x-api-key`, `client_secret`, `X-Amz-Security-Token`); short ones only as a
 * whole part of it (`sig` in Azure's `sig=`, not in `signal`… which `signature` already covers).
 */
export const SECRET_NAME =
  /(auth|token|secret|passw|passphrase|pwd|key|cookie|signature|session|credential|bearer|jwt|private|ticket)|(^|[-_.])(sig|sid|otp|pin|pass|code)($|[-_.])/i;

/**
 * Whether a name (a query parameter, a header, a field) holds a credential, by {@link SECRET_NAME}.
 *
 * @example
 * ```ts
 * isSecretName('Authorization') // true
 * isSecretName('limit') // false
 * ```
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Whether a URL carries a credential: user-info, or a query or fragment value whose name is secret.
 *
 * @example
 * ```ts
 * urlHasSecret('http://127.0.0.1/?token=x') // true
 * ```
 */
export function urlHasSecret(text: string): boolean {
  return redactUrl(text) !== text;
}

/**
 * Redacts a URL's user-info and the values of query (and fragment) parameters whose names look
 * secret, so a URL can go into a report: `http://u:p@h/?token=x&a=1` → `http://[redacted]@h/?token=[redacted]&a=1`.
 * The user-info ends at the last `@` before the path, so a password holding `@` goes whole.
 * Works on any text that holds a URL.
 *
 * @example
 * ```ts
 * redactUrl('http://127.0.0.1:8080/w?access_token=abc&v=1') // 'http://127.0.0.1:8080/w?access_token=[redacted]&v=1'
 * ```
 */
export function redactUrl(text: string): string {
  return (
    text
      .replace(/(https?:\/\/)[^/?#\s]*@/gi, '$1[redacted]@')
      // In the query, and in a fragment written as one (an OAuth implicit grant's `#access_token=…`).
      .replace(/([?&;#]([^=&;#?\s]+)=)([^&;#\s]*)/g, (m, prefix: string, name: string) =>
        isSecretName(safeDecode(name)) ? `${prefix}[redacted]` : m,
      )
  );
}

/** A query name as its server reads it (`access%5Ftoken` is `access_token`). */
function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
