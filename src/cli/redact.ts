const SECRET_NAME = /(auth|token|secret|password|passwd|pwd|key|cookie|signature|session|credential)/i;

/**
 * Redacts credentials from a command line before it goes into a report: header values whose
 * name looks secret (`Authorization`, `Cookie`, `X-Api-Key`, …), URL user-info, and query or
 * option values whose name looks secret.
 *
 * @example
 * ```ts
 * redactArgs(['-H', 'Authorization: Bearer abc', 'http://u:p@h/?token=x&a=1'])
 * // ['-H', 'Authorization: [redacted]', 'http://[redacted]@h/?token=[redacted]&a=1']
 * ```
 */
export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg) => {
    const header = /^([A-Za-z0-9-]+)\s*:\s*(.+)$/.exec(arg);
    if (header && !/^https?:/i.test(arg) && SECRET_NAME.test(header[1] as string)) return `${header[1]}: [redacted]`;
    let out = arg.replace(/^(https?:\/\/)[^/@\s]+@/i, '$1[redacted]@');
    out = out.replace(/([?&]([^=&#\s]+)=)([^&#\s]*)/g, (m, prefix: string, name: string) => (SECRET_NAME.test(name) ? `${prefix}[redacted]` : m));
    return out;
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
