/**
 * The HTTP layer under gitbeaker. gitbeaker builds each request (URL, query, JSON body,
 * PRIVATE-TOKEN header) and pages through lists; this handler sends it with our retry
 * policy (retry.ts) and turns failures into GitLabApiError / GitLabNetworkError.
 *
 * gitbeaker takes a custom `requesterFn` in its constructor options; `createRequesterFn`
 * from @gitbeaker/requester-utils (the package gitbeaker's own requester is built with)
 * keeps its option encoding and lets us swap only the sending part.
 *
 * The token goes nowhere but the GitLab configured. gitbeaker 43 follows a `Link: rel="next"`
 * by taking only its query string onto the same endpoint (core getManyMore), so a link to
 * another host is not followed today; this handler still refuses any request whose URL
 * (an endpoint that is itself absolute resolves past the prefix) leaves the prefix's origin.
 */
import { createRequesterFn, type FormattedResponse, type RequesterType, type ResourceOptions } from '@gitbeaker/requester-utils';
import { classifyNetworkError, type RetryInfo } from '../core/network.ts';
import { GitLabApiError, GitLabForeignLinkError, GitLabNetworkError } from './errors.ts';
import { retryDelayMs, type AttemptOutcome, type RetryPolicy } from './retry.ts';

/** What onRetry is told; `path` is relative to /api/v4, without the query string. */
export type { RetryInfo } from '../core/network.ts';

export interface TransportOptions {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
  /** Counts every HTTP request sent, retries included. */
  onRequest?: () => void;
}

type RequesterFn = (resourceOptions: ResourceOptions) => RequesterType;

export function retryingRequesterFn(options: TransportOptions): RequesterFn {
  return createRequesterFn(
    async (_resource, requestOptions) => requestOptions,
    (endpoint, requestOptions) => send(endpoint, requestOptions ?? {}, options),
  );
}

async function send(endpoint: string, request: Record<string, unknown>, options: TransportOptions): Promise<FormattedResponse> {
  const method = String(request.method ?? 'GET').toUpperCase();
  const prefix = String(request.prefixUrl ?? '');
  const base = new URL(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const url = new URL(endpoint, base);
  url.search = typeof request.searchParams === 'string' ? request.searchParams : '';
  const signal = request.signal instanceof AbortSignal ? request.signal : undefined;
  const init = (): RequestInit => ({
    method,
    headers: request.headers as Record<string, string> | undefined,
    body: request.body as string | FormData | undefined,
    // Each try gets the whole request timeout: a server that accepts and never answers
    // would otherwise hang the job (fetch has no timeout of its own but undici's 300 s).
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(options.policy.requestTimeoutMs)]) : AbortSignal.timeout(options.policy.requestTimeoutMs),
  });
  // gitbeaker's client-side rate limiter (`rateLimiters`) is not used: the pipeline sends
  // a handful of requests one at a time, and GitLab's own 429s are honoured below.
  // Shown in errors and retry notices: relative to /api/v4 (gitbeaker's endpoint is relative
  // to a resource prefix such as `projects`), never the query string.
  const path = url.pathname.replace(/^.*?\/api\/v4\//, '');
  if (url.origin !== base.origin) throw new GitLabForeignLinkError({ method, path, linkOrigin: url.origin, expectedOrigin: base.origin });
  // Masked wherever GitLab's answer is quoted: gitbeaker sends the token as PRIVATE-TOKEN (or a Bearer/JOB-TOKEN header).
  const secrets = credentialsIn(request.headers);

  for (let attempt = 1; ; attempt++) {
    let outcome: AttemptOutcome;
    let failure: Error;
    options.onRequest?.();
    try {
      const response = await fetch(url, init());
      const body = await readBody(response);
      if (response.ok) return { body, headers: Object.fromEntries(response.headers.entries()), status: response.status };
      outcome = { type: 'response', status: response.status, retryAfter: response.headers.get('retry-after') };
      failure = new GitLabApiError({ method, path, status: response.status, body, secrets });
    } catch (error) {
      // gitbeaker's own signal (its query timeout) ended it: not ours to retry.
      if (signal?.aborted) throw new GitLabNetworkError({ method, path, failure: { kind: 'answer-timeout', ms: null } });
      const cause = classifyNetworkError(error, options.policy.requestTimeoutMs);
      outcome = { type: 'network-error', failure: cause };
      failure = new GitLabNetworkError({ method, path, failure: cause });
    }
    const delayMs = retryDelayMs(outcome, attempt, method, options.policy);
    if (delayMs === null) throw failure;
    const reason = outcome.type === 'response' ? `HTTP ${outcome.status}` : 'connection dropped';
    options.onRetry?.({ method, path, attempt, delayMs, reason });
    await options.sleep(delayMs);
  }
}

/** As gitbeaker reads bodies (§2.4): JSON by content type, other text as a string, 204 as null. */
async function readBody(response: Response): Promise<FormattedResponse['body']> {
  if (response.status === 204) return null;
  const text = await response.text();
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  if (type !== 'application/json' || text === '') return text;
  try {
    return (JSON.parse(text) as FormattedResponse['body']) ?? {};
  } catch {
    return text;
  }
}

function credentialsIn(headers: unknown): string[] {
  if (!headers || typeof headers !== 'object') return [];
  return Object.entries(headers as Record<string, unknown>)
    .filter(([name, value]) => /^(private-token|job-token|authorization)$/i.test(name) && typeof value === 'string')
    .flatMap(([, value]) => {
      const text = value as string;
      // `Bearer <token>`: the token alone can come back too.
      const token = text.replace(/^\S+\s+/, '');
      return token === text ? [text] : [text, token];
    });
}
