import { lookup } from 'node:dns/promises';

/**
 * The address a target's host resolves to, for the report's record of what was tested (the
 * self-test form's 压测服务器); undefined if it cannot be resolved. An address is itself.
 *
 * @example
 * ```ts
 * await targetAddress('http://localhost:8080') // '127.0.0.1'
 * ```
 */
export async function targetAddress(origin: string): Promise<string | undefined> {
  try {
    const { hostname } = new URL(origin);
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    return (await lookup(host)).address;
  } catch {
    return undefined;
  }
}
