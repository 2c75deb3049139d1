import { isSecretName, redactUrl } from './redact-url.js';

/**
 * Redacts what a free text may carry of a credential, by the one rule of {@link isSecretName}: the
 * URLs in it (see `redactUrl`), a JSON member, a quoted value in code, a form field or a header
 * line whose name is secret (`"password": "…"`, `apiKey: '…'`, `token=…`, `Authorization: …`). For
 * the first bytes of an answer or a request shown in a report or on the console, and for the files
 * `lptf k8s` ships (one that holds a credential goes to the Secret).
 *
 * @example
 * ```ts
 * redactText('{"user":"ann","password":"s3cret"}') // '{"user":"ann","password":"[redacted]"}'
 * ```
 */
export function redactText(text: string): string {
  return (
    redactUrl(text)
      .replace(/("([^"\\]{1,100})"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/g, (m, prefix: string, name: string) =>
        isSecretName(name) ? `${prefix}"[redacted]"` : m,
      )
      // Code and config text: `token: 'x'`, `Authorization: 'Bearer y'`, `'x-api-key': "z"`, `password = 'w'`.
      .replace(
        /(['"]?)([\w.-]{1,100})\1(\s*[:=]\s*)(['"`])((?:\\.|(?!\4)[^\\\n]){0,10000})\4/g,
        (m, q: string, name: string, sep: string, quote: string) =>
          isSecretName(name) ? `${q}${name}${q}${sep}${quote}[redacted]${quote}` : m,
      )
      .replace(/(^|[?&\s])([\w.-]{1,100})=([^&\s]*)/g, (m, lead: string, name: string) =>
        isSecretName(name) ? `${lead}${name}=[redacted]` : m,
      )
      .replace(/^([\w-]{1,100}):[ \t]*(.*)$/gm, (m, name: string) => (isSecretName(name) ? `${name}: [redacted]` : m))
  );
}
