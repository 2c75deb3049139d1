/**
 * Whether a host (a name or an address, IPv6 in brackets or not) is loopback: a dashboard there
 * is this machine's only.
 *
 * @example
 * ```ts
 * isLoopback('[::1]') // true
 * isLoopback('0.0.0.0') // false
 * ```
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
