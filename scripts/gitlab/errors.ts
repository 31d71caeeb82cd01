/**
 * Unexpected failures talking to GitLab. They carry what an operator needs to act
 * (method, path, status, GitLab's own message) and never the access token: the path
 * is relative to /api/v4 without its query string, nothing from the request headers
 * is kept, and GitLab's body is masked (../core/redact.ts) and cut to a readable length.
 * gitbeaker's own GitbeakerRequestError keeps the whole Request (headers included) in
 * `cause.request`, so it is converted, never passed on.
 */
import { describeNetworkFailure, type NetworkFailure } from '../core/network.ts';
import { redact, redactValue, truncate } from '../core/redact.ts';

export class GitLabApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;

  /** `secrets`: the token and anything else the answer may quote back; masked in `body` and the message. */
  constructor(args: { method: string; path: string; status: number; body: unknown; secrets?: readonly string[] }) {
    const secrets = args.secrets ?? [];
    const body = typeof args.body === 'string' ? truncate(redact(args.body, secrets)) : redactValue(args.body, secrets);
    super(`${args.method} ${args.path} failed: ${args.status} ${redact(describeGitLabError(body, args.status), secrets)}`.trimEnd());
    this.name = 'GitLabApiError';
    this.method = args.method;
    this.path = args.path;
    this.status = args.status;
    this.body = body;
  }
}

/** The request never got an HTTP answer: see `failure` for why (DNS, refused, TLS, timeout, dropped). */
export class GitLabNetworkError extends Error {
  readonly method: string;
  readonly path: string;
  readonly failure: NetworkFailure;

  constructor(args: { method: string; path: string; failure: NetworkFailure }) {
    super(`${args.method} ${args.path} failed: no answer from GitLab (${describeNetworkFailure(args.failure)})`);
    this.name = 'GitLabNetworkError';
    this.method = args.method;
    this.path = args.path;
    this.failure = args.failure;
  }
}

/**
 * A request that would leave the GitLab the client was given (another scheme, host or
 * port), e.g. a pagination link: refused before it is sent, since it would carry the
 * token. Only the origin is named; a path or query could hold anything.
 */
export class GitLabForeignLinkError extends Error {
  readonly method: string;
  readonly path: string;
  readonly linkOrigin: string;
  readonly expectedOrigin: string;

  constructor(args: { method: string; path: string; linkOrigin: string; expectedOrigin: string }) {
    super(`${args.method} ${args.path} refused: it would go to ${args.linkOrigin}, not to ${args.expectedOrigin}; not sent, so the token stayed with GitLab`);
    this.name = 'GitLabForeignLinkError';
    this.method = args.method;
    this.path = args.path;
    this.linkOrigin = args.linkOrigin;
    this.expectedOrigin = args.expectedOrigin;
  }
}

/**
 * GitLab answers errors as `{"message": …}` (a string, an array, or a field → messages
 * hash), `{"error": …, "error_description": …}` (OAuth scope errors), or plain text
 * such as the throttle's `Retry later` (../shared/reference/gitlab-api.md §1.1, §1.12).
 */
export function describeGitLabError(body: unknown, status?: number): string {
  // GitLab's messages often repeat the status ("401 Unauthorized"); the caller prints it once.
  const text = errorText(body)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(new RegExp(`^${status ?? 'x'} `), '')
    .slice(0, 300);
  const hint = status === 401 ? 'the access token is missing, wrong, expired or revoked' : undefined;
  return [text, hint].filter(Boolean).join(' — ');
}

function errorText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  const message = record.message ?? record.error;
  const description = typeof record.error_description === 'string' ? `: ${record.error_description}` : '';
  if (typeof message === 'string') return `${message}${description}`;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (message && typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .map(([field, problems]) => `${field} ${(Array.isArray(problems) ? problems : [problems]).map(String).join(', ')}`)
      .join('; ');
  }
  return '';
}

/**
 * Converts whatever gitbeaker threw into one of ours. Our request handler
 * (transport.ts) already throws GitLab* errors; this catches the rest
 * (gitbeaker's GitbeakerRequestError/TimeoutError/RetryError) without keeping
 * their `cause`, which holds the request and its PRIVATE-TOKEN header.
 */
export function toGitLabError(error: unknown, method: string, path: string, secrets: readonly string[] = []): Error {
  if (error instanceof GitLabApiError || error instanceof GitLabNetworkError || error instanceof GitLabForeignLinkError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'GitbeakerRequestError') {
    const cause = (error as { cause?: { response?: { status?: unknown }; description?: unknown } }).cause;
    const status = typeof cause?.response?.status === 'number' ? cause.response.status : 0;
    return new GitLabApiError({ method, path, status, body: typeof cause?.description === 'string' ? cause.description : '', secrets });
  }
  if (name === 'GitbeakerTimeoutError') return new GitLabNetworkError({ method, path, failure: { kind: 'answer-timeout', ms: null } });
  if (name === 'GitbeakerRetryError') return new GitLabApiError({ method, path, status: 429, body: 'gave up after repeated 429/502 answers' });
  return error instanceof Error ? error : new Error(String(error));
}
