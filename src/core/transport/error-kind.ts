const BY_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'no_local_port',
  EMFILE: 'too_many_open_files',
  UND_ERR_INVALID_ARG: 'invalid_request',
  UND_ERR_RESPONSE_STATUS_CODE: 'bad_response',
  HPE_INVALID_CONSTANT: 'bad_response',
  LPTF_TIMEOUT: 'timeout',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls_certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls_certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls_certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls_certificate',
  CERT_HAS_EXPIRED: 'tls_certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls_certificate',
  // The TLS handshake itself failed: most often an https:// URL to a port that speaks plain HTTP.
  EPROTO: 'tls_handshake',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls_handshake',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'tls_handshake',
  LPTF_CLOSED: 'closed',
  LPTF_HTTP_PARSE: 'bad_response',
  LPTF_INVALID_REQUEST: 'invalid_request',
  LPTF_BODY_TOO_LARGE: 'body_too_large',
};

/** A kind as reports count it: a few lower-case words joined by `_`. */
const KIND = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Names the kind of a transport error in a few stable words, so reports can count errors by
 * kind: `refused`, `reset`, `timeout`, `dns`, … An error of lptf's (`code` `LPTF_…`) may carry its
 * own `kind`. Unknown errors keep their code: `other:EXYZ`.
 *
 * @example
 * ```ts
 * errorKind(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // 'refused'
 * ```
 */
export function errorKind(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown; kind?: unknown } | null;
  // A protocol's own transport names its errors' kinds itself (HTTP/2's `rst_stream`, `goaway`).
  if (typeof e?.kind === 'string' && typeof e.code === 'string' && e.code.startsWith('LPTF_') && KIND.test(e.kind))
    return e.kind;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (code && BY_CODE[code]) return BY_CODE[code];
  return `other:${code ?? (typeof e?.name === 'string' ? e.name : 'unknown')}`;
}

/**
 * The kind of an answer whose status is not accepted, e.g. `http_503`.
 *
 * @example
 * ```ts
 * statusKind(503) // 'http_503'
 * ```
 */
export function statusKind(status: number): string {
  return `http_${status}`;
}
