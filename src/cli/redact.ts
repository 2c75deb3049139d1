import { isSecretName, redactCommand } from '../core/redact/index.js';
import { longFlag } from '../load/fields/field.js';
import { planFields } from '../load/plan/plan-fields.js';

/**
 * Redacts credentials from a command line before it goes into a report: the values of the
 * flags of every field declared secret (the widget's `--token`, `--aes-key`, …), header values whose
 * name looks secret (`Authorization`, `Cookie`, `X-Api-Key`, …), URL user-info, and query
 * values whose name looks secret.
 *
 * @example
 * ```ts
 * redactArgs(['-H', 'Authorization: Bearer abc', 'http://u:p@h/?token=x&a=1'])
 * // ['-H', 'Authorization: [redacted]', 'http://[redacted]@h/?token=[redacted]&a=1']
 * ```
 */
export function redactArgs(args: readonly string[]): string[] {
  const SECRET_FLAGS = new Set(
    planFields()
      .filter((f) => f.secret)
      .map(longFlag),
  );
  return args.map((arg, i) => {
    if (SECRET_FLAGS.has(args[i - 1] ?? '')) return '[redacted]';
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && SECRET_FLAGS.has(arg.slice(0, eq))) return `${arg.slice(0, eq)}=[redacted]`;
    const header = /^([A-Za-z0-9-]+)\s*:\s*(.+)$/.exec(arg);
    if (header && !/^https?:/i.test(arg) && isSecretName(header[1] as string)) return `${header[1]}: [redacted]`;
    // A command (--watch-cmd) may hold API_KEY=… or --password …; a URL its credentials.
    return redactCommand(arg);
  });
}

/**
 * Joins arguments into a shell-like command line, quoting those that need it.
 *
 * @example
 * ```ts
 * commandLine(['lptf', 'run', '--check', 'p(95) <= 170ms']) // "lptf run --check 'p(95) <= 170ms'"
 * ```
 */
export function commandLine(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
