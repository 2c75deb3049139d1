export { errorKind, statusKind } from './error-kind.js';
export { HttpParseError, h1Transport } from './h1/index.js';
export { breaksHead, breaksTarget, isToken } from './header-rules.js';
export { redirectOf } from './redirect.js';
export { type SideAnswer, type SideClient, sideClient } from './side-client.js';
export type { HttpRequest, HttpResponse, SendDone, Transport, TransportOptions } from './transport.js';
export {
  BodyTooLargeError,
  ConnectionClosedError,
  ERROR_PREFIX_BYTES,
  InvalidRequestError,
  MAX_KEPT_BODY_BYTES,
  RequestTimeoutError,
} from './transport.js';
export { undiciTransport } from './undici-transport.js';
