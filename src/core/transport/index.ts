export { ConnectionClosedError, InvalidRequestError, RequestTimeoutError } from './transport.js';
export type { HttpRequest, HttpResponse, SendDone, Transport, TransportOptions } from './transport.js';
export { undiciTransport } from './undici-transport.js';
export { h1Transport, HttpParseError } from './h1/index.js';
export { errorKind, statusKind } from './error-kind.js';
