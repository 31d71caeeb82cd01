/**
 * Why a request got no HTTP answer, told apart by cause so that each can be
 * handled (retried or not) and explained (with a hint) on its own. Shared by
 * both clients: Zendesk's transport is node:http, GitLab's is Node's fetch
 * (undici), and they report the same causes with different error shapes.
 */
export type NetworkFailure =
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | { kind: 'dns'; code: string }
  /** Nothing listens on that port (ECONNREFUSED). */
  | { kind: 'refused'; code: string }
  /** No route to the host (EHOSTUNREACH, ENETUNREACH). */
  | { kind: 'unreachable'; code: string }
  /** The server's certificate was not accepted, or it does not speak TLS. */
  | { kind: 'tls'; code: string; detail: string }
  /** No TCP (and TLS) connection within the connect timeout; `ms` null when the platform's own. */
  | { kind: 'connect-timeout'; ms: number | null }
  /** Connected, but no complete answer within the request timeout; `ms` null when not ours. */
  | { kind: 'answer-timeout'; ms: number | null }
  /** The connection closed mid-request (reset, hang up): worth another try. */
  | { kind: 'dropped'; code: string };

/** A timeout our own transport enforced; it carries the limit so messages can name it. */
export class TransportTimeout extends Error {
  constructor(
    readonly phase: 'connect' | 'answer',
    readonly ms: number,
  ) {
    super(phase === 'connect' ? `no connection within ${formatDuration(ms)}` : `no answer within ${formatDuration(ms)}`);
    this.name = 'TransportTimeout';
  }
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
// OpenSSL verification codes Node reports on a rejected certificate, and protocol mismatches
// such as https:// to a plain-HTTP port ("wrong version number", EPROTO).
const TLS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
]);

/** What kind of failure `error` is; `answerTimeoutMs` is used for an AbortSignal.timeout() that fired. */
export function classifyNetworkError(error: unknown, answerTimeoutMs: number | null = null): NetworkFailure {
  if (error instanceof TransportTimeout) {
    return error.phase === 'connect' ? { kind: 'connect-timeout', ms: error.ms } : { kind: 'answer-timeout', ms: error.ms };
  }
  if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'answer-timeout', ms: answerTimeoutMs };
  // fetch (undici) says "fetch failed" and keeps the system error in `cause`.
  const inner = (error as { cause?: unknown } | null)?.cause;
  const source = codeOf(error) ? error : codeOf(inner) ? inner : error;
  if (source instanceof Error && source.name === 'TimeoutError') return { kind: 'answer-timeout', ms: answerTimeoutMs };
  const code = codeOf(source);
  if (DNS.has(code)) return { kind: 'dns', code };
  if (code === 'ECONNREFUSED') return { kind: 'refused', code };
  if (UNREACHABLE.has(code)) return { kind: 'unreachable', code };
  if (TLS.has(code) || /^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code)) {
    const message = source instanceof Error ? source.message : '';
    // OpenSSL's own text ("…:SSL routines:ssl3_get_record:wrong version number:…") has one readable part.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
    return { kind: 'tls', code, detail: reason ?? firstLine(message) };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return { kind: 'connect-timeout', ms: null };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'answer-timeout', ms: answerTimeoutMs };
  return { kind: 'dropped', code: code || (error instanceof Error ? firstLine(error.message) : String(error)) };
}

/** Only a dropped connection is worth sending again; the rest would fail the same way. */
export function isRetryable(failure: NetworkFailure): boolean {
  return failure.kind === 'dropped';
}

/** Short, for `… failed: <this>`. */
export function describeNetworkFailure(failure: NetworkFailure): string {
  switch (failure.kind) {
    case 'dns':
      return `host name not found (${failure.code})`;
    case 'refused':
      return `connection refused (${failure.code})`;
    case 'unreachable':
      return `host unreachable (${failure.code})`;
    case 'tls': {
      const detail = failure.detail && failure.detail !== failure.code ? `: ${failure.detail}` : '';
      return isCertificateCode(failure.code) ? `TLS certificate not accepted (${failure.code}${detail})` : `TLS handshake failed (${failure.code}${detail})`;
    }
    case 'connect-timeout':
      return failure.ms === null ? 'no connection (timed out)' : `no connection within ${formatDuration(failure.ms)}`;
    case 'answer-timeout':
      return failure.ms === null ? 'no answer (timed out)' : `no answer within ${formatDuration(failure.ms)}`;
    case 'dropped':
      return `connection dropped (${failure.code})`;
  }
}

function isCertificateCode(code: string): boolean {
  return code !== 'EPROTO' && !code.startsWith('ERR_SSL_');
}

/** 0.2 s, 10 s, 90 s, 15 min, 1.5 h: how people say limits. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 120) return `${trim(seconds)} s`;
  if (seconds < 7200) return `${trim(seconds / 60)} min`;
  return `${trim(seconds / 3600)} h`;
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function codeOf(value: unknown): string {
  const code = value && typeof value === 'object' && 'code' in value ? (value as { code: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

/**
 * What a client tells progress output while it works around failures. Never
 * carries credentials: paths are relative and without their query string.
 */
export type NetworkEvent =
  | RetryInfo
  /** A request that was retried has ended, answered (`ok`) or not. */
  | { type: 'retried'; request: number; ok: boolean }
  /** Zendesk answered 429: every request waits `delayMs`, within `limitMs` of waiting in all. */
  | { type: 'rate-limited'; delayMs: number; limitMs: number };

/** A request failed and is sent again after `delayMs`. */
export interface RetryInfo {
  type?: 'retry';
  method: string;
  /** Relative to the API root, without the query string. */
  path: string;
  /** The object it is about, e.g. `trigger "Route billing"`, when the caller said. */
  label?: string;
  /** The attempt that failed (1 for the first request). */
  attempt: number;
  delayMs: number;
  /** The cause, worded the same for every request it hits: `HTTP 503`, `connection dropped`. */
  reason: string;
  /** Tells requests apart, so that a cause's repeats can be counted per request. */
  request?: number;
}
