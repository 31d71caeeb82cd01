/**
 * The request/response vocabulary of the GitLab sandbox's handlers, and the router.
 * Handlers get parsed parameters and return a status, a JSON body and headers; they
 * never touch node:http.
 */
import type { SandboxUser } from './state.ts';
import type { GitLabStore } from './store.ts';

export interface ApiRequest {
  method: string;
  /** Route placeholders, percent-decoded (`:id` may be `group/project`). */
  params: Record<string, string>;
  /** Query string and JSON body merged: GitLab takes parameters from either (reference, "Conventions"). */
  input: Record<string, unknown>;
  query: URLSearchParams;
  /** `http://<Host>/api/v4/…` as requested, for pagination links. */
  url: URL;
  user: SandboxUser;
  store: GitLabStore;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: ApiRequest) => ApiResponse;

export interface Route {
  method: string;
  /** Below /api/v4, e.g. `projects/:id/issues/:issue_iid`. */
  pattern: string;
  handler: Handler;
}

/** An expected error answer, thrown from inside a handler and sent as-is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** GitLab's `not_found!('Issue')` → 404 `{"message":"404 Issue Not Found"}`. */
export function notFound(what: string): ApiError {
  return new ApiError(404, { message: `404 ${what} Not Found` });
}

/** Grape's parameter validation errors use `error`, not `message`. */
export function invalidParam(message: string): ApiError {
  return new ApiError(400, { error: message });
}

/** `bad_request!(reason)` → 400 `{"message":"400 Bad request - reason"}`. */
export function badRequest(reason: string): ApiError {
  return new ApiError(400, { message: `400 Bad request - ${reason}` });
}

export function matchRoute(routes: readonly Route[], method: string, rawSegments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const pattern = route.pattern.split('/');
    if (route.method !== method || pattern.length !== rawSegments.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((expected, i) => {
      if (!expected.startsWith(':')) return expected === rawSegments[i];
      params[expected.slice(1)] = safeDecode(rawSegments[i]);
      return rawSegments[i] !== '';
    });
    if (matched) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
