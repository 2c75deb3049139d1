import { Registry } from '../../core/registry.js';
import { httpProtocol } from './http-protocol.js';
import type { Protocol } from './protocol.js';

/**
 * Every protocol a plan may speak. Plain HTTP is built in; others register themselves from the
 * top of the program (`src/builtins.ts`).
 *
 * @example
 * ```ts
 * protocols.get('http').bind(ctx)
 * ```
 */
export const protocols = new Registry<Protocol>('protocol', [httpProtocol]);
