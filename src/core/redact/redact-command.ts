import { isSecretName, redactUrl } from './redact-url.js';

/**
 * Redacts credentials from a shell command before it goes into a report or an error (the
 * service `--watch-cmd` starts): values of environment assignments and of flags whose names
 * look secret (`API_KEY=…`, `--db-password …`, `--token=…`), and URLs' credentials.
 *
 * @example
 * ```ts
 * redactCommand('DB_PASSWORD=hunter2 node server.js --api-key abc --port 8080')
 * // 'DB_PASSWORD=[redacted] node server.js --api-key [redacted] --port 8080'
 * ```
 */
export function redactCommand(text: string): string {
  return redactUrl(text)
    .replace(/(^|\s)([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (m, space: string, name: string) =>
      isSecretName(name) ? `${space}${name}=[redacted]` : m,
    )
    .replace(
      /(^|\s)(--?[A-Za-z][\w-]*)([=\s]+)("[^"]*"|'[^']*'|[^\s-]\S*)/g,
      (m, space: string, flag: string, sep: string) =>
        isSecretName(flag.replace(/^-+/, '')) ? `${space}${flag}${sep}[redacted]` : m,
    );
}
