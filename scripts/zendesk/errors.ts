/**
 * Unexpected failures talking to Zendesk. They carry what an operator needs to
 * act (method, path or the object's label, status, Zendesk's own error body) and
 * never the credentials: the path is relative to /api/v2, the query string is
 * dropped, and Zendesk's body is masked (../core/redact.ts) and cut to a readable length.
 */
import { describeNetworkFailure, formatDuration, type NetworkFailure } from '../core/network.ts';
import { redact, redactValue, truncate } from '../core/redact.ts';

/** Which request failed: `label` (e.g. `trigger "Route billing"`) names it in messages when given, else the path. */
export interface RequestName {
  method: string;
  /** Relative to /api/v2, e.g. `triggers/123`. */
  path: string;
  label?: string;
}

abstract class ZendeskRequestError extends Error {
  readonly method: string;
  readonly path: string;
  readonly label: string | undefined;

  constructor(name: RequestName, problem: string, options?: ErrorOptions) {
    super(`${name.method} ${name.label ?? name.path} failed: ${problem}`, options);
    this.method = name.method;
    this.path = name.path;
    this.label = name.label;
  }

  /** How messages name the request's object: its label, else its path. */
  get target(): string {
    return this.label ?? this.path;
  }
}

/** Zendesk answered with an error status and a JSON body. */
export class ZendeskApiError extends ZendeskRequestError {
  readonly status: number;
  readonly body: unknown;

  constructor(args: RequestName & { status: number; body: unknown; secrets?: readonly string[] }) {
    const secrets = args.secrets ?? [];
    const body = typeof args.body === 'string' ? truncate(redact(args.body, secrets)) : redactValue(args.body, secrets);
    super(args, `${args.status} ${truncate(redact(describeZendeskError(body), secrets))}`.trimEnd());
    this.name = 'ZendeskApiError';
    this.status = args.status;
    this.body = body;
  }
}

/** The request got no HTTP answer: see `failure` for why (DNS, refused, TLS, timeout, dropped). */
export class ZendeskNetworkError extends ZendeskRequestError {
  readonly failure: NetworkFailure;

  constructor(args: RequestName & { failure: NetworkFailure; cause?: unknown }) {
    super(args, describeNetworkFailure(args.failure), { cause: args.cause });
    this.name = 'ZendeskNetworkError';
    this.failure = args.failure;
  }
}

/**
 * An answer that is not Zendesk JSON: an HTML error page from a proxy or load balancer
 * in front of Zendesk (5xx), or, on a 2xx or 4xx, a ZENDESK_URL that is not Zendesk.
 */
export class ZendeskNotJsonError extends ZendeskRequestError {
  readonly status: number;
  /** e.g. `text/html`; '' when the answer named none. */
  readonly contentType: string;
  /** An HTML page's <title>, the one readable line such pages have. */
  readonly title: string | undefined;
  /** A 3xx: the origin it redirects to. */
  readonly redirect: string | undefined;
  /** How many times it was tried. */
  readonly attempts: number;

  constructor(args: RequestName & { status: number; contentType: string; title?: string; redirect?: string; attempts: number }) {
    const what = [args.contentType || 'no content type', args.title && `"${args.title}"`, args.redirect && `redirect to ${args.redirect}`]
      .filter(Boolean)
      .join(', ');
    super(args, `HTTP ${args.status}, and the answer is not Zendesk JSON (${what})`);
    this.name = 'ZendeskNotJsonError';
    this.status = args.status;
    this.contentType = args.contentType;
    this.title = args.title;
    this.redirect = args.redirect;
    this.attempts = args.attempts;
  }
}

/**
 * A next-page link (`links.next`, `next_page`) that leads away from the Zendesk the client
 * was given: another scheme, host or port. It is not followed, since the request would carry
 * the Authorization header there. Only the link's origin is kept: its path and query could
 * hold anything.
 */
export class ZendeskForeignLinkError extends ZendeskRequestError {
  /** Where the link points, e.g. `https://attacker.example`. */
  readonly linkOrigin: string;
  /** The client's, e.g. `https://acme.zendesk.com`. */
  readonly expectedOrigin: string;

  constructor(args: RequestName & { linkOrigin: string; expectedOrigin: string }) {
    super(args, `the next page is on another host (${args.linkOrigin}, not ${args.expectedOrigin}); not followed, so the credentials were not sent there`);
    this.name = 'ZendeskForeignLinkError';
    this.linkOrigin = args.linkOrigin;
    this.expectedOrigin = args.expectedOrigin;
  }
}

/**
 * The run hit one of its time limits and sent nothing more: the deadline for the whole
 * run, or the most time it may spend waiting out rate limits (429).
 */
export class ZendeskTimeLimitError extends Error {
  readonly limit: 'run-deadline' | 'rate-limit-wait';
  /** The limit, in milliseconds. */
  readonly limitMs: number;
  /** rate-limit-wait: what the last Retry-After asked for. */
  readonly askedMs: number | undefined;

  constructor(args: { limit: 'run-deadline' | 'rate-limit-wait'; limitMs: number; askedMs?: number }) {
    super(
      args.limit === 'run-deadline'
        ? `the run passed its ${formatDuration(args.limitMs)} deadline; no further requests were sent`
        : `Zendesk kept rate limiting (429) past the ${formatDuration(args.limitMs)} this run may wait` +
            (args.askedMs === undefined ? '' : ` (its last Retry-After asked for ${formatDuration(args.askedMs)} more)`),
    );
    this.name = 'ZendeskTimeLimitError';
    this.limit = args.limit;
    this.limitMs = args.limitMs;
    this.askedMs = args.askedMs;
  }
}

/**
 * Zendesk has three error shapes (../shared/reference/zendesk-api.md §4):
 * `{error, description, details}`, `{errors:[{code,title,detail}]}` and plain text.
 */
export function describeZendeskError(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 300) : '';
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.error === 'string') parts.push(record.error);
  else if (record.error && typeof record.error === 'object') parts.push(JSON.stringify(record.error));
  if (typeof record.description === 'string') parts.push(record.description);
  if (record.details && typeof record.details === 'object') {
    for (const [field, problems] of Object.entries(record.details as Record<string, unknown>)) {
      const list = Array.isArray(problems) ? problems : [problems];
      for (const problem of list) {
        const text = problem && typeof problem === 'object' ? (problem as { description?: unknown }).description : problem;
        parts.push(`${field}: ${String(text)}`);
      }
    }
  }
  if (Array.isArray(record.errors)) {
    for (const e of record.errors) {
      if (e && typeof e === 'object') {
        const { code, title, detail } = e as Record<string, unknown>;
        parts.push([code, title, detail].filter((x) => typeof x === 'string' && x).join(': '));
      }
    }
  }
  return parts.join(' — ');
}
