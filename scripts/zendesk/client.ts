/**
 * The one module that talks to Zendesk. It rides on node-zendesk v6's
 * transport (auth header, URL building with `.json`, JSON bodies) and adds
 * what the tool needs and node-zendesk lacks:
 *
 * - node-zendesk's `getAll` resolves, rather than throws, on any response with a
 *   Retry-After header and silently ends pagination there
 *   (../shared/reference/zendesk-api.md §14.3), so a 429 would truncate a list and
 *   the plan would propose creating objects that exist. We page ourselves and retry.
 * - its high-level methods unwrap bodies and drop `meta`/`links`, which cursor
 *   pagination needs; the transport returns the whole body and the status.
 * - time limits (transport.ts, timeLimits.ts): node-zendesk's fetch has none, so a
 *   server that accepts the connection and never answers would hang a run forever.
 * - a concurrency limit, retries with backoff (retry.ts), rate limits waited out
 *   within a cap, typed errors by cause, request counting.
 * - a run that cannot go on stops at once: after a DNS, refused, TLS or timeout
 *   failure, a non-Zendesk answer, or a time limit, queued requests never start and
 *   requests in flight are aborted, so a run ends with one error, not dozens.
 * - credentials stay with Zendesk: a next-page link to another origin is refused before
 *   anything is sent (node-zendesk sends any absolute URL that merely contains its
 *   endpoint, query string included, with the Authorization header), and answers quoted
 *   in errors are masked (../core/redact.ts).
 */
// node-zendesk is a CommonJS bundle whose named exports Node's ESM loader cannot
// detect; the default import is the module.exports object.
import nodeZendesk from 'node-zendesk';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { classifyNetworkError, isRetryable, type NetworkEvent, type NetworkFailure } from '../core/network.ts';
import { redact, secretsIn } from '../core/redact.ts';
import {
  ZendeskApiError,
  ZendeskForeignLinkError,
  ZendeskNetworkError,
  ZendeskNotJsonError,
  ZendeskTimeLimitError,
  type RequestName,
} from './errors.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import { DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, nextStep, type Outcome, type RetryPolicy, type Tries } from './retry.ts';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from './timeLimits.ts';
import { BodyNotJson, httpTransport, type TransportResponse } from './transport.ts';

export type { TimeLimits } from './timeLimits.ts';
export type { NetworkEvent } from '../core/network.ts';

export type ZendeskAuth =
  | { kind: 'api-token'; email: string; apiToken: string }
  | { kind: 'oauth'; accessToken: string };

export interface ZendeskClientOptions {
  /** e.g. `https://acme.zendesk.com` or `http://127.0.0.1:4010`; `/api/v2` is added. */
  baseUrl: string;
  auth: ZendeskAuth;
  /** Requests in flight at once. Zendesk plans allow 200–2,500 requests a minute. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Timeouts, the cap on rate-limit waiting, the run deadline (DEFAULT_TIME_LIMITS). */
  limits?: Partial<TimeLimits>;
  /** Told about retries and rate limiting, for progress output. Never given credentials. */
  onRetry?: (event: NetworkEvent) => void;
  /** How to wait between tries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock the run deadline and rate-limit waits are measured on (ms, like Date.now). */
  now?: () => number;
  /**
   * Further values to mask wherever Zendesk's answers are quoted (the credentials are
   * masked anyway, and so are values sent in credential-named body fields).
   */
  secrets?: readonly string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | readonly (string | number)[] | Record<string, string | number>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Treat a non-idempotent method as safe to repeat (e.g. a POST that only sets positions). */
  idempotent?: boolean;
  /**
   * What the request is about, e.g. `trigger "Route billing"`: named in retry notices and
   * in error messages instead of the path with its id.
   */
  label?: string;
}

export interface ZendeskResponse<T = unknown> {
  status: number;
  body: T;
  header(name: string): string | null;
}

/** node-zendesk's Transporter: builds the request (URL, auth, JSON body), then sends it through our transport. */
interface RawTransport {
  prepareOptionsForRequest(method: string, uri: unknown, body: unknown): Record<string, unknown>;
  sendRequest(options: Record<string, unknown>): Promise<{ response: TransportResponse; result: unknown }>;
}

/** What one try of a request came to. */
type Attempt =
  | { type: 'response'; status: number; body: unknown; response: TransportResponse; zendesk: boolean; sentSecrets: readonly string[] }
  | { type: 'network-error'; failure: NetworkFailure; cause: unknown }
  /** The run was stopped (by this request or another); `error` says why. */
  | { type: 'stopped'; error: Error };

const PAGE_SIZE = 100;
/** Offset pagination stops at 10,000 records (§2.1). */
const MAX_OFFSET_PAGES = 100;

export class ZendeskClient {
  readonly baseUrl: string;
  readonly apiUrl: string;
  /** Scheme, host and port: the only place requests, and so the credentials, may go. */
  readonly origin: string;
  /** Which kind of credential the client sends; tokenScopes() asks Zendesk only about OAuth tokens. */
  readonly authKind: ZendeskAuth['kind'];
  readonly concurrency: number;
  readonly limits: TimeLimits;
  private readonly limiter: ConcurrencyLimiter;
  private readonly policy: RetryPolicy;
  private readonly jsonTransport: RawTransport;
  /** The Webhooks API is served without the `.json` suffix (§0, §14.4). */
  private readonly plainTransport: RawTransport;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Waits as this client waits (real time, or the clock its options gave); job polling uses it too. */
  readonly pause = (ms: number): Promise<void> => this.sleep(ms);
  private readonly now: () => number;
  private readonly onRetry: ZendeskClientOptions['onRetry'];
  /** Masked wherever Zendesk's answers are quoted. */
  private readonly secrets: string[];
  private readonly deadlineAt: number;
  /** Aborts requests in flight and waits once the run is stopped. */
  private readonly stopper = new AbortController();
  private stoppedBy: Error | null = null;
  /** Rate limited: no request starts before this time. */
  private pausedUntil = 0;
  private rateLimitWaitedMs = 0;
  private requests = 0;
  private requestIds = 0;

  constructor(options: ZendeskClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
    this.apiUrl = `${this.baseUrl}/api/v2`;
    this.origin = new URL(this.baseUrl).origin;
    this.authKind = options.auth.kind;
    this.concurrency = options.concurrency ?? 8;
    this.limiter = new ConcurrencyLimiter(this.concurrency);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limits = { ...DEFAULT_TIME_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.deadlineAt = this.now() + this.limits.runDeadlineMs;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms, undefined, { signal: this.stopper.signal }).catch(() => undefined));
    this.onRetry = options.onRetry;
    this.secrets = [...secretsOf(options.auth), ...(options.secrets ?? [])];
    // Every request in flight and every wait listens for the stop; they remove themselves when done.
    setMaxListeners(0, this.stopper.signal);
    const zendesk = nodeZendesk.createClient({
      endpointUri: this.apiUrl,
      throwOriginalException: true,
      transportConfig: httpTransport({ ...this.limits, maxSockets: this.concurrency }),
      ...(options.auth.kind === 'api-token'
        ? { username: options.auth.email, token: options.auth.apiToken }
        : { token: options.auth.accessToken, oauth: true }),
    } as Parameters<typeof nodeZendesk.createClient>[0]);
    this.jsonTransport = (zendesk.triggers as unknown as { transporter: RawTransport }).transporter;
    this.plainTransport = (zendesk.webhooks as unknown as { transporter: RawTransport }).transporter;
  }

  /** How many HTTP requests this client has sent, retries included. */
  get requestCount(): number {
    return this.requests;
  }

  /**
   * Why the client stopped (DNS, refused, TLS, a timeout, an answer that is not Zendesk,
   * the run deadline, the rate-limit cap), or null. Every further request fails with this
   * error at once; a caller looping over many writes can stop at the first.
   */
  get stopped(): Error | null {
    return this.stoppedBy;
  }

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ZendeskResponse<T>> {
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const name: RequestName = { method, path: this.displayPath(path), ...(options.label ? { label: options.label } : {}) };
    const foreign = this.foreignLink(name, path);
    // Every list would be led the same way (a proxy rewriting links): the run stops here.
    if (foreign) throw this.stop(foreign);
    const request = ++this.requestIds;
    const tries: Tries = { rateLimited: 0, failed: 0 };
    let retried = false;
    let ended: 'answered' | 'failed' | 'stopped' = 'stopped';
    try {
      for (;;) {
        const attempt = await this.limiter.run(() => this.attempt(name, method, path, options));
        if (attempt.type === 'stopped') throw attempt.error;
        if (attempt.type === 'response' && attempt.status < 300 && attempt.zendesk) {
          ended = 'answered';
          const { response } = attempt;
          return { status: attempt.status, body: attempt.body as T, header: (header) => response.headers.get(header) };
        }
        const next = this.nextTry(name, attempt, tries, idempotent);
        if (next instanceof Error) {
          ended = 'failed';
          throw next;
        }
        // null: rate limited; the next attempt waits out the pause.
        if (next) {
          retried = true;
          this.onRetry?.({ method, path: name.path, label: options.label, attempt: tries.failed, delayMs: next.delayMs, reason: next.reason, request });
          await this.sleep(next.delayMs);
        }
      }
    } finally {
      // Stopped by another request's failure: that error is the one line; no summary follows it.
      if (retried && ended !== 'stopped') this.onRetry?.({ type: 'retried', request, ok: ended === 'answered' });
    }
  }

  /** After a failed try: the error to end with, the retry to make, or null to wait out a rate limit. */
  private nextTry(
    name: RequestName,
    attempt: Exclude<Attempt, { type: 'stopped' }>,
    tries: Tries,
    idempotent: boolean,
  ): Error | { delayMs: number; reason: string } | null {
    const outcome = outcomeOf(attempt);
    if (outcome.type === 'response' && outcome.status === 429) tries.rateLimited++;
    else tries.failed++;
    // A 2xx or 3xx that got here is not Zendesk JSON: nothing to retry.
    const step = outcome.type === 'response' && outcome.status < 400 ? ({ type: 'fail' } as const) : nextStep(outcome, tries, idempotent, this.policy);
    switch (step.type) {
      case 'fail':
        return this.failure(name, attempt, tries.failed);
      case 'rate-limited':
        return this.rateLimited(step.delayMs);
      case 'retry':
        return this.pastDeadline(step.delayMs) ?? step;
    }
  }

  /** One try: after any rate-limit pause, unless the run was stopped or is past its deadline. */
  private async attempt(name: RequestName, method: HttpMethod, path: string, options: RequestOptions): Promise<Attempt> {
    if (this.stoppedBy) return { type: 'stopped', error: this.stoppedBy };
    const paused = this.pausedUntil - this.now();
    if (paused > 0) await this.sleep(paused);
    if (this.stoppedBy) return { type: 'stopped', error: this.stoppedBy };
    const late = this.pastDeadline(0);
    if (late) return { type: 'stopped', error: late };
    // The deadline also bounds a request in flight.
    const left = this.deadlineAt - this.now();
    const timeoutMs = Math.min(this.limits.requestTimeoutMs, left);
    const sent = await this.send(name, method, path, options, timeoutMs);
    if (sent.type === 'network-error' && sent.failure.kind === 'answer-timeout' && timeoutMs < this.limits.requestTimeoutMs) {
      return { type: 'stopped', error: this.stop(this.deadlineError()) };
    }
    // Stopped here, while this request still holds its slot, so no queued request starts meanwhile.
    if (sent.type === 'network-error' && !isRetryable(sent.failure)) this.stop(this.failure(name, sent, 1));
    if (sent.type === 'response' && !sent.zendesk && sent.status < 500) this.stop(this.failure(name, sent, 1));
    return sent;
  }

  get<T = unknown>(path: string, query?: Query) {
    return this.request<T>('GET', path, { query });
  }

  /**
   * The scopes of the OAuth token the client sends, e.g. `["read"]`, from
   * GET /api/v2/oauth/tokens/current (Zendesk's OAuth Tokens API, "Show Token":
   * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/).
   * null for an API token, which has no scopes and can do whatever its user can;
   * Zendesk is not asked then. The answer also holds the token (its first characters)
   * and the refresh token: only `scopes` is read, nothing else is kept.
   */
  async tokenScopes(): Promise<string[] | null> {
    if (this.authKind !== 'oauth') return null;
    const answer = await this.request<{ token?: { scopes?: unknown } }>('GET', 'oauth/tokens/current', { label: 'the OAuth token' });
    const scopes = answer.body?.token?.scopes;
    if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
      throw new ZendeskApiError({ method: 'GET', path: 'oauth/tokens/current', label: 'the OAuth token', status: answer.status, body: 'the answer has no "token.scopes" list' });
    }
    return [...scopes];
  }

  /**
   * Every item of a cursor-paginated list, 100 per page, following `links.next`
   * until `meta.has_more` is false (§2.1). Endpoints without cursor support
   * answer with offset keys; those are followed via `next_page` instead.
   */
  async listAll<T = Record<string, unknown>>(path: string, key: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let page = await this.request<Record<string, unknown>>('GET', path, { query: { ...query, page: { size: PAGE_SIZE } } });
    for (;;) {
      const body = page.body ?? {};
      const batch = body[key];
      if (!Array.isArray(batch)) {
        throw new ZendeskApiError({ method: 'GET', path, status: page.status, body: `response has no "${key}" list` });
      }
      items.push(...(batch as T[]));
      const next = nextPageUrl(body);
      if (!next) return items;
      page = await this.request<Record<string, unknown>>('GET', next);
    }
  }

  /**
   * Every item of a list, with its pages fetched concurrently. Cursor pages can
   * only be read one after another (each holds the next cursor), so a 20-page
   * list costs 20 round trips in a row. Offset pages can be read side by side:
   * page 1 says how many items there are (`count`, §2.1), then pages 2..n go out
   * at once. Offset pagination is refused past 10,000 records and can skip or
   * repeat items if the list changes while it is read, so the result is checked
   * (as many distinct ids as `count`) and the list is read again with cursors
   * when it does not add up. Same number of requests either way: ceil(N/100).
   */
  async listAllConcurrently<T extends { id?: unknown } = Record<string, unknown>>(path: string, key: string): Promise<T[]> {
    const pageUrl = (page: number) => `${this.apiUrl}/${path}.json?page=${page}&per_page=${PAGE_SIZE}`;
    const first = await this.request<Record<string, unknown>>('GET', pageUrl(1));
    const count = first.body?.count;
    const firstItems = first.body?.[key];
    if (typeof count !== 'number' || !Array.isArray(firstItems)) return this.listAll<T>(path, key);
    const pages = Math.ceil(count / PAGE_SIZE);
    if (pages > MAX_OFFSET_PAGES) return this.listAll<T>(path, key);
    if (pages <= 1 && !first.body?.next_page) return firstItems as T[];
    const rest = await Promise.all(
      Array.from({ length: pages - 1 }, (_, i) => this.request<Record<string, unknown>>('GET', pageUrl(i + 2))),
    );
    const items = [firstItems, ...rest.map((page) => page.body?.[key])].flatMap((batch) => (Array.isArray(batch) ? (batch as T[]) : []));
    const distinct = new Set(items.map((item) => String(item.id)));
    if (distinct.size !== count || items.length !== count) return this.listAll<T>(path, key);
    return items;
  }

  /** `triggers/123`: relative to /api/v2, without `.json` or the query (page cursors are noise in messages). */
  private displayPath(path: string): string {
    let relative = path;
    if (path.startsWith(`${this.apiUrl}/`)) relative = path.slice(this.apiUrl.length + 1);
    // Another host's link is named by its path alone; the error names its origin.
    else if (isAbsolute(path)) relative = urlOf(path)?.pathname.replace(/^\/(api\/v2\/)?/, '') ?? 'a link';
    return relative.replace(/\?.*$/, '').replace(/\.json$/, '');
  }

  /**
   * An absolute URL (a `links.next` or `next_page`) is followed only under this client's
   * /api/v2, on its scheme, host and port; anything else is refused before a request is made.
   */
  private foreignLink(name: RequestName, path: string): ZendeskForeignLinkError | null {
    if (!isAbsolute(path)) return null;
    const url = urlOf(path);
    if (url && url.origin === this.origin && path.startsWith(`${this.apiUrl}/`)) return null;
    return new ZendeskForeignLinkError({ ...name, linkOrigin: url?.origin ?? 'an unreadable URL', expectedOrigin: this.origin });
  }

  private async send(name: RequestName, method: HttpMethod, path: string, options: RequestOptions, timeoutMs: number): Promise<Attempt> {
    const transport = path.startsWith('webhooks') ? this.plainTransport : this.jsonTransport;
    // An absolute URL (a `links.next`) is used verbatim by node-zendesk when it contains its endpointUri.
    const uri: unknown = isAbsolute(path) ? path : [...path.split('/'), ...(options.query ? [options.query] : [])];
    // node-zendesk's Transporter.request is these two steps; taken apart to add the per-request abort and timeout.
    const prepared = transport.prepareOptionsForRequest(method, uri, options.body);
    // request() refused foreign links; this also holds for whatever node-zendesk made of the path.
    const origin = urlOf(String(prepared.uri))?.origin;
    if (origin !== this.origin) {
      return { type: 'stopped', error: new ZendeskForeignLinkError({ ...name, linkOrigin: origin ?? 'an unreadable URL', expectedOrigin: this.origin }) };
    }
    const sentSecrets = secretsIn(options.body);
    this.requests++;
    try {
      const { response, result } = await transport.sendRequest({ ...prepared, signal: this.stopper.signal, timeoutMs });
      // node-zendesk parses only bodies it is told are JSON and returns {} for anything else (§14.3).
      // Zendesk explains every error in JSON (§4); an empty error answer comes from something else.
      const empty = response.text.trim() === '';
      const zendesk = response.status === 204 || response.contentType.includes('json') || (empty && response.status < 400);
      return { type: 'response', status: response.status, body: result, response, zendesk, sentSecrets };
    } catch (cause) {
      if (this.stoppedBy) return { type: 'stopped', error: this.stoppedBy };
      if (cause instanceof BodyNotJson) return { type: 'response', status: cause.response.status, body: {}, response: cause.response, zendesk: false, sentSecrets };
      return { type: 'network-error', failure: classifyNetworkError(cause, timeoutMs), cause };
    }
  }

  /** The error a request ends with; one the next request would hit as well stops the run. */
  private failure(name: RequestName, attempt: Exclude<Attempt, { type: 'stopped' }>, attempts: number): Error {
    if (attempt.type === 'network-error') {
      const error = new ZendeskNetworkError({ ...name, failure: attempt.failure, cause: attempt.cause });
      return isRetryable(attempt.failure) ? error : this.stop(error);
    }
    const { response } = attempt;
    if (attempt.zendesk) {
      return new ZendeskApiError({ ...name, status: attempt.status, body: attempt.body || response.text, secrets: [...this.secrets, ...attempt.sentSecrets] });
    }
    const error = new ZendeskNotJsonError({
      ...name,
      status: attempt.status,
      contentType: response.contentType,
      title: pageTitle(redact(response.text, [...this.secrets, ...attempt.sentSecrets])),
      redirect: attempt.status >= 300 && attempt.status < 400 ? originOf(response.headers.get('location')) : undefined,
      attempts,
    });
    // A proxy's error page can be a passing hiccup for a single write; after retries, or on a
    // 2xx/3xx/4xx (ZENDESK_URL is not Zendesk), every request would get the same.
    return attempt.status < 500 || attempts >= this.policy.maxNotJsonAttempts ? this.stop(error) : error;
  }

  /** A 429: every request pauses until Retry-After has passed, within the cap on waiting. */
  private rateLimited(delayMs: number): Error | null {
    const now = this.now();
    const until = now + delayMs;
    // Concurrent 429s overlap: only time beyond the current pause counts.
    const added = Math.max(0, until - Math.max(this.pausedUntil, now));
    if (this.rateLimitWaitedMs + added > this.limits.rateLimitWaitMs) {
      return this.stop(new ZendeskTimeLimitError({ limit: 'rate-limit-wait', limitMs: this.limits.rateLimitWaitMs, askedMs: delayMs }));
    }
    const late = this.pastDeadline(delayMs);
    if (late) return late;
    this.rateLimitWaitedMs += added;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.onRetry?.({ type: 'rate-limited', delayMs, limitMs: this.limits.rateLimitWaitMs });
    return null;
  }

  /** Stops the run if waiting `delayMs` first would start a request after the deadline. */
  private pastDeadline(delayMs: number): Error | null {
    return this.now() + delayMs >= this.deadlineAt ? this.stop(this.deadlineError()) : null;
  }

  private deadlineError(): Error {
    return this.stoppedBy ?? new ZendeskTimeLimitError({ limit: 'run-deadline', limitMs: this.limits.runDeadlineMs });
  }

  /** No request starts after this; those in flight are aborted. The first reason is the one reported. */
  private stop(error: Error): Error {
    if (!this.stoppedBy) {
      this.stoppedBy = error;
      this.stopper.abort(error);
    }
    return this.stoppedBy;
  }
}

function outcomeOf(attempt: Exclude<Attempt, { type: 'stopped' }>): Outcome {
  if (attempt.type === 'network-error') return { type: 'network-error', failure: attempt.failure };
  return { type: 'response', status: attempt.status, retryAfter: attempt.response.headers.get('retry-after'), json: attempt.zendesk };
}

/** The credentials as they could come back in an answer: raw, and as the Basic header encodes them. */
function secretsOf(auth: ZendeskAuth): string[] {
  if (auth.kind === 'oauth') return [auth.accessToken];
  return [auth.apiToken, Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64')];
}

function pageTitle(text: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 80) : undefined;
}

/** Where a redirect points, without path or query (which could carry anything). */
function originOf(location: string | null): string | undefined {
  if (!location) return undefined;
  try {
    const url = new URL(location);
    return url.origin;
  } catch {
    return undefined;
  }
}

function nextPageUrl(body: Record<string, unknown>): string | null {
  const meta = body.meta as { has_more?: boolean } | undefined;
  const links = body.links as { next?: string | null } | undefined;
  if (meta && typeof meta.has_more === 'boolean') return meta.has_more && links?.next ? links.next : null;
  return typeof body.next_page === 'string' && body.next_page ? body.next_page : null;
}

function isAbsolute(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(path);
}

function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
