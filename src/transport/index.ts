export type { HttpRequest, HttpResponse, Transport } from './transport.js';
export { undiciTransport, type UndiciTransportOptions } from './undici-transport.js';
export { errorKind, statusKind } from './error-kind.js';
