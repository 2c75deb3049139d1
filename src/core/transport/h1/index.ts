export { h1Transport } from './h1-transport.js';
export { HttpParseError } from './http-parse-error.js';
export { ResponseParser, MAX_HEAD_BYTES } from './response-parser.js';
export type { ResponseHead } from './parse-head.js';
