/**
 * The request/response vocabulary route handlers speak: a parsed request in, a status and
 * JSON body out. Handlers never touch node:http, which keeps them small and testable.
 */
import type { SandboxStore } from './store.ts';
import type { JobQueue } from './jobs.ts';
import type { SandboxActor, SandboxCredentials } from './auth.ts';
import type { ItemFailureInjector } from './item-failures.ts';
import { classicError } from './apiError.ts';

// The error vocabulary lives in apiError.ts (so auth.ts can use it without importing this module); handlers import it from here.
export * from './apiError.ts';

export interface ApiResponse {
  status: number;
  /** undefined → empty body (204, or 200 with nothing to say). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  method: string;
  /** Path below /api/v2 without `.json`, e.g. `triggers/123`. */
  path: string;
  /** The path as requested (`//` collapsed), used to build pagination links. */
  rawPath: string;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** `http://<Host header>`: links and `url` fields must use the origin the client configured (reference §14.3). */
  origin: string;
  /** Email of the authenticated user. */
  actorEmail: string;
  /** How the request authenticated: an API token, or an OAuth token with its scopes. */
  actor: SandboxActor;
}

export interface SandboxContext {
  store: SandboxStore;
  jobs: JobQueue;
  credentials: SandboxCredentials;
  /** Armed per-item bulk failures (tests' injectItemFailure). */
  itemFailures: ItemFailureInjector;
}

export type RouteHandler = (request: ApiRequest, context: SandboxContext) => ApiResponse;

export function ok(body: unknown, status = 200, headers?: Record<string, string>): ApiResponse {
  return { status, body, headers };
}

export function noContent(): ApiResponse {
  return { status: 204 };
}

/**
 * Query string with Zendesk's bracketed keys kept verbatim (`page[size]`, `role[]`) and
 * node-zendesk's comma-joined arrays (`ids=1%2C2`, reference §14.3) split on demand.
 */
export class Query {
  constructor(readonly params: URLSearchParams) {}

  get(key: string): string | undefined {
    return this.params.get(key) ?? undefined;
  }

  has(key: string): boolean {
    return this.params.has(key);
  }

  /** All values of `key` and `key[]`, comma lists split, blanks dropped. */
  list(key: string): string[] {
    return [...this.params.getAll(key), ...this.params.getAll(`${key}[]`)]
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
  }

  bool(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    return value === 'true' || value === '1';
  }
}

/** Body object under `key` (e.g. `{"trigger": {...}}`), or a 400 when the wrapper is missing. */
export function wrapped(body: unknown, key: string): Record<string, unknown> {
  const value = isObject(body) ? body[key] : undefined;
  if (!isObject(value)) throw classicError(400, 'InvalidValue', `Request body must contain a "${key}" object`);
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
