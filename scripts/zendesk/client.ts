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
 * - a concurrency limit, retries with backoff, typed errors, request counting.
 */
// node-zendesk is a CommonJS bundle whose named exports Node's ESM loader cannot
// detect; the default import is the module.exports object.
import nodeZendesk from 'node-zendesk';
import { ZendeskApiError, ZendeskNetworkError } from './errors.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import { DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, retryDelayMs, type Outcome, type RetryPolicy } from './retry.ts';

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
  /** Told about every retry, for progress output. Never given credentials. */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | readonly (string | number)[] | Record<string, string | number>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Treat a non-idempotent method as safe to repeat (e.g. a POST that only sets positions). */
  idempotent?: boolean;
}

export interface ZendeskResponse<T = unknown> {
  status: number;
  body: T;
  header(name: string): string | null;
}

interface RawTransport {
  request(method: string, uri: unknown, body?: unknown): Promise<{ response: RawResponse; result: unknown }>;
}
interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
}

const PAGE_SIZE = 100;
/** Offset pagination stops at 10,000 records (§2.1). */
const MAX_OFFSET_PAGES = 100;

export class ZendeskClient {
  readonly baseUrl: string;
  readonly apiUrl: string;
  readonly concurrency: number;
  private readonly limiter: ConcurrencyLimiter;
  private readonly policy: RetryPolicy;
  private readonly jsonTransport: RawTransport;
  /** The Webhooks API is served without the `.json` suffix (§0, §14.4). */
  private readonly plainTransport: RawTransport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry: ZendeskClientOptions['onRetry'];
  private requests = 0;

  constructor(options: ZendeskClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
    this.apiUrl = `${this.baseUrl}/api/v2`;
    this.concurrency = options.concurrency ?? 8;
    this.limiter = new ConcurrencyLimiter(this.concurrency);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onRetry = options.onRetry;
    const zendesk = nodeZendesk.createClient({
      endpointUri: this.apiUrl,
      throwOriginalException: true,
      ...(options.auth.kind === 'api-token'
        ? { username: options.auth.email, token: options.auth.apiToken }
        : { token: options.auth.accessToken, oauth: true }),
    });
    this.jsonTransport = (zendesk.triggers as unknown as { transporter: RawTransport }).transporter;
    this.plainTransport = (zendesk.webhooks as unknown as { transporter: RawTransport }).transporter;
  }

  /** How many HTTP requests this client has sent, retries included. */
  get requestCount(): number {
    return this.requests;
  }

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ZendeskResponse<T>> {
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.limiter.run(() => this.send(method, path, options));
      if (outcome.type === 'response' && outcome.status < 400) {
        return { status: outcome.status, body: outcome.body as T, header: (name) => outcome.response.headers.get(name) };
      }
      const retry: Outcome =
        outcome.type === 'response'
          ? { type: 'response', status: outcome.status, retryAfter: outcome.response.headers.get('retry-after') }
          : { type: 'network-error' };
      const delayMs = retryDelayMs(retry, attempt, idempotent, this.policy);
      const shown = this.displayPath(path);
      if (delayMs === null) {
        if (outcome.type === 'network-error') throw new ZendeskNetworkError({ method, path: shown, cause: outcome.cause });
        throw new ZendeskApiError({ method, path: shown, status: outcome.status, body: outcome.body });
      }
      const reason = outcome.type === 'response' ? `HTTP ${outcome.status}` : 'connection failed';
      this.onRetry?.({ method, path: shown, attempt, delayMs, reason });
      await this.sleep(delayMs);
    }
  }

  get<T = unknown>(path: string, query?: Query) {
    return this.request<T>('GET', path, { query });
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
    const relative = path.startsWith(this.apiUrl) ? path.slice(this.apiUrl.length + 1) : path;
    return relative.replace(/\?.*$/, '').replace(/\.json$/, '');
  }

  private async send(method: HttpMethod, path: string, options: RequestOptions) {
    this.requests++;
    const transport = path.startsWith('webhooks') ? this.plainTransport : this.jsonTransport;
    // An absolute URL (a `links.next`) is used verbatim by node-zendesk when it contains its endpointUri.
    const uri: unknown = path.startsWith('http') ? path : [...path.split('/'), ...(options.query ? [options.query] : [])];
    try {
      const { response, result } = await transport.request(method, uri, options.body);
      return { type: 'response' as const, status: response.status, body: result, response };
    } catch (cause) {
      return { type: 'network-error' as const, cause };
    }
  }
}

function nextPageUrl(body: Record<string, unknown>): string | null {
  const meta = body.meta as { has_more?: boolean } | undefined;
  const links = body.links as { next?: string | null } | undefined;
  if (meta && typeof meta.has_more === 'boolean') return meta.has_more && links?.next ? links.next : null;
  return typeof body.next_page === 'string' && body.next_page ? body.next_page : null;
}
