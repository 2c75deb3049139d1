export { h1Transport } from './h1-transport.js';
export { HttpParseError } from './http-parse-error.js';
export type { ResponseHead } from './parse-head.js';
export { MAX_HEAD_BYTES, ResponseParser } from './response-parser.js';
