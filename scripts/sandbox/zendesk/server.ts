/**
 * The Zendesk sandbox: a loopback HTTP server speaking enough of the Support API v2 for
 * the tool's kinds (see README.md). Each call to startZendeskSandbox builds its own store,
 * router and controls; nothing is shared between instances.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from '../readBody.ts';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type SandboxControls } from './admin.ts';
import { authenticate, DEFAULT_CREDENTIALS, scopeDenial, UNAUTHENTICATED_BODY, type SandboxCredentials, type SandboxOAuthToken } from './auth.ts';
import { FaultInjector, faultBody, type FaultSpec } from './faults.ts';
import { ApiError, invalidEndpoint, Query, type ApiResponse, type SandboxContext } from './http.ts';
import { looksLikeId } from './ids.ts';
import { ItemFailureInjector, type ItemFailureSpec } from './item-failures.ts';
import { DEFAULT_JOB_STEPS, JobQueue } from './jobs.ts';
import { createStateFile, loadStateFile, saveStateFile } from './persistence.ts';
import { RateLimiter, type RateLimitConfig } from './rate-limit.ts';
import { Router } from './router.ts';
import { jobStatusRoutes } from './routes/job-statuses.ts';
import { lookupRoutes } from './routes/lookups.ts';
import { ticketFieldRoutes } from './routes/ticket-fields.ts';
import { ticketFormRoutes } from './routes/ticket-forms.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { macroAttachmentRoutes } from './routes/macro-attachments.ts';
import { oauthTokenRoutes } from './routes/oauth-tokens.ts';
import { membershipRoutes } from './routes/organization-memberships.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { ruleRoutes } from './routes/rules.ts';
import { satisfactionRoutes } from './routes/satisfaction.ts';
import { searchRoutes } from './routes/search.ts';
import { searchExportRoutes } from './routes/search-export.ts';
import { slaPolicyRoutes } from './routes/sla-policies.ts';
import { viewRoutes } from './routes/views.ts';
import { dynamicContentRoutes } from './routes/dynamic-content.ts';
import { triggerCategoryRoutes } from './routes/trigger-categories.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { defaultSeed } from './seed.ts';
import type { SandboxState } from './state.ts';
import { SandboxStore } from './store.ts';

export { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN, type SandboxCredentials, type SandboxOAuthToken } from './auth.ts';
export type { FaultSpec } from './faults.ts';
export type { ItemFailureSpec } from './item-failures.ts';
export type { SandboxState, CollectionName } from './state.ts';

export { SandboxStateFileError } from './persistence.ts';

/** The port cannot be had: in use (another sandbox?) or reserved. `code` is Node's (EADDRINUSE, EACCES). */
export class SandboxListenError extends Error {
  readonly code: string | undefined;
  constructor(readonly port: number, cause: NodeJS.ErrnoException) {
    super(
      cause.code === 'EADDRINUSE' ? `port ${port} is already in use (another sandbox?)`
      : cause.code === 'EACCES' ? `port ${port} needs privileges this user does not have`
      : `cannot listen on port ${port}: ${cause.message}`,
      { cause },
    );
    this.name = 'SandboxListenError';
    this.code = cause.code;
  }
}

export interface ZendeskSandboxOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number;
  /** Loaded when it exists; rewritten (temp file + rename) after every mutation. */
  statePath?: string;
  /** Starting state when statePath is absent or does not exist yet; default defaultSeed(). */
  seed?: SandboxState;
  /** Added to every API response. */
  latencyMs?: number;
  rateLimit?: RateLimitConfig;
  credentials?: SandboxCredentials;
  /** GET /job_statuses polls a job stays queued/working before it is completed (default 2). */
  jobSteps?: number;
}

export interface ZendeskSandbox {
  /** 'http://127.0.0.1:PORT'; the API lives under url + '/api/v2'. */
  url: string;
  injectFault(fault: FaultSpec): void;
  /** The next `times` bulk-job items matching `id`/`match` fail with `error`/`details`; the rest of the job runs. */
  injectItemFailure(failure: ItemFailureSpec): void;
  /** Disarms both request faults and item failures. */
  clearFaults(): void;
  /** Keys like 'GET /api/v2/triggers/:id' ('.json' and query dropped). */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  state(): SandboxState;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimitConfig | null): void;
  /** One more OAuth token the sandbox accepts, with its scopes, e.g. `{ token: 'ci-plan', scopes: ['read'] }`. */
  addOAuthToken(token: SandboxOAuthToken): void;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v2';

export async function startZendeskSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const statePath = options.statePath;
  const initial = (statePath ? loadStateFile(statePath) : undefined) ?? options.seed ?? defaultSeed();
  const store = new SandboxStore(initial, { onChange: statePath ? (state) => saveStateFile(statePath, state) : undefined });
  if (statePath) createStateFile(statePath, store.snapshot());

  const context: SandboxContext = {
    store,
    jobs: new JobQueue(store, options.jobSteps ?? DEFAULT_JOB_STEPS),
    // A copy: tokens added at run time belong to this sandbox only.
    credentials: { ...(options.credentials ?? DEFAULT_CREDENTIALS) },
    itemFailures: new ItemFailureInjector(),
  };
  const router = new Router().add([
    ...ruleRoutes(),
    ...macroAttachmentRoutes(),
    ...triggerCategoryRoutes(),
    ...slaPolicyRoutes(),
    ...viewRoutes(),
    ...dynamicContentRoutes(),
    ...ticketFieldRoutes(),
    ...ticketFormRoutes(),
    ...lookupRoutes(),
    ...userRoutes(),
    ...webhookRoutes(),
    ...jobStatusRoutes(),
    ...organizationRoutes(),
    ...membershipRoutes(),
    ...ticketRoutes(),
    ...satisfactionRoutes(),
    ...searchRoutes(),
    ...searchExportRoutes(),
    ...oauthTokenRoutes(),
  ]);
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter(options.rateLimit ?? null);
  let latencyMs = options.latencyMs ?? 0;
  let counts: Record<string, number> = {};

  const controls: SandboxControls = {
    requestCounts: () => ({ ...counts }),
    resetRequestCounts: () => {
      counts = {};
    },
    injectFault: (fault) => faults.inject(fault),
    injectItemFailure: (failure) => context.itemFailures.inject(failure),
    clearFaults: () => {
      faults.clear();
      context.itemFailures.clear();
    },
    state: () => store.snapshot(),
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setRateLimit: (limit) => rateLimiter.configure(limit),
    addOAuthToken: (token) => {
      context.credentials.oauthTokens = [...(context.credentials.oauthTokens ?? []), { token: token.token, scopes: [...token.scopes] }];
    },
  };

  async function handleApi(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams) {
    const method = request.method ?? 'GET';
    const apiPath = pathname.slice(API_PREFIX.length).replace(/^\/|\/$/g, '').replace(/\.json$/, '');
    const normalizedPath = `${API_PREFIX}/${apiPath.split('/').map((s) => (looksLikeId(s) ? ':id' : s)).join('/')}`;
    counts[`${method} ${normalizedPath}`] = (counts[`${method} ${normalizedPath}`] ?? 0) + 1;

    const rawBody = await readBody(request);
    if (latencyMs > 0) await sleep(latencyMs);
    const admission = rateLimiter.admit();
    const fault = faults.take({ method, path: `${API_PREFIX}/${apiPath}`, normalizedPath });
    if (fault?.status === 'drop') {
      request.socket.destroy();
      return;
    }
    const send = fault?.status === 'lost-answer'
      ? () => void request.socket.destroy()
      : (reply: ApiResponse) => writeJson(response, reply, admission.headers);
    if (fault && fault.status !== 'lost-answer' && fault.status !== 'delivered-twice') {
      // Reference §3.3: a 429 always carries Retry-After; node-zendesk keys on it.
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
      return send({
        status: fault.status,
        body: faultBody(fault.status),
        headers: retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
      });
    }
    if (!admission.allowed) {
      return send({
        status: 429,
        body: { error: 'TooManyRequests', description: 'Rate limit exceeded; retry after the number of seconds in Retry-After' },
        headers: { 'Retry-After': String(admission.retryAfterSeconds) },
      });
    }
    const actor = authenticate(request.headers.authorization, context.credentials);
    if (!actor) return send({ status: 401, body: UNAUTHENTICATED_BODY });
    const denied = scopeDenial(actor, method, apiPath);
    if (denied) return send({ status: denied.status, body: denied.body });

    try {
      const route = router.match(method, apiPath);
      if (!route) throw invalidEndpoint();
      const body = parseJson(rawBody);
      const handle = () => route.handler(
        {
          method,
          path: apiPath,
          rawPath: pathname,
          params: route.params,
          query: new Query(query),
          body,
          origin: `http://${request.headers.host ?? `127.0.0.1:${port()}`}`,
          actorEmail: actor.email,
          actor,
        },
        context,
      );
      const reply = handle();
      // 'delivered-twice': a proxy that repeated the request; the client sees one answer.
      if (fault?.status === 'delivered-twice') handle();
      send(reply);
    } catch (error) {
      if (error instanceof ApiError) return send({ status: error.status, body: error.body, headers: error.headers });
      console.error('[zendesk sandbox] unexpected error:', error);
      send({ status: 500, body: { error: 'InternalError', description: String(error) } });
    }
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const pathname = url.pathname.replace(/\/{2,}/g, '/');
    if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) {
      return handleApi(request, response, pathname, url.searchParams);
    }
    const rawBody = await readBody(request);
    try {
      if (!pathname.startsWith('/__sandbox')) throw invalidEndpoint();
      writeJson(response, handleAdmin(request.method ?? 'GET', pathname.replace(/\/$/, ''), parseJson(rawBody), controls));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      writeJson(response, { status: error.status, body: error.body });
    }
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      console.error('[zendesk sandbox] request failed:', error);
      if (!response.headersSent) writeJson(response, { status: 500, body: { error: 'InternalError', description: String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new SandboxListenError(options.port ?? 0, error)));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = () => (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port()}`,
    ...controls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' });
  }
}

/** Reference §0/§15.3: JSON as `application/json; charset=utf-8`; 204 has no body at all. */
function writeJson(response: ServerResponse, reply: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  response
    .writeHead(reply.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(payload)),
    })
    .end(payload);
}
