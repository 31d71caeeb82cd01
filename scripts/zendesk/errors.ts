/**
 * Unexpected failures talking to Zendesk. They carry what an operator needs to
 * act (method, path, status, Zendesk's own error body) and never the
 * credentials: the path is relative to /api/v2 and the query string is dropped.
 */
export class ZendeskApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;

  constructor(args: { method: string; path: string; status: number; body: unknown }) {
    super(`${args.method} ${args.path} failed: ${args.status} ${describeZendeskError(args.body)}`);
    this.name = 'ZendeskApiError';
    this.method = args.method;
    this.path = args.path;
    this.status = args.status;
    this.body = args.body;
  }
}

/** The request never got an HTTP answer (refused, reset, dropped). */
export class ZendeskNetworkError extends Error {
  readonly method: string;
  readonly path: string;

  constructor(args: { method: string; path: string; cause: unknown }) {
    super(`${args.method} ${args.path} failed: no response from Zendesk (${causeText(args.cause)})`, { cause: args.cause });
    this.name = 'ZendeskNetworkError';
    this.method = args.method;
    this.path = args.path;
  }
}

function causeText(cause: unknown): string {
  // node-fetch says "request to <url> failed, reason: connect ECONNREFUSED …": the reason is the news.
  const reason = cause instanceof Error ? /reason: (.*)$/.exec(cause.message)?.[1] : undefined;
  if (reason) return reason;
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : '';
    return code ? `${cause.message}: ${code}` : cause.message;
  }
  return String(cause);
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
