/**
 * /__sandbox/*: controls for CLI users and other processes (counts, faults, state, OAuth tokens).
 * Not part of the Zendesk API: no auth, no latency, not counted, never rate limited.
 * The state it hands out carries digests in place of webhook secrets, as the state file does.
 */
import { ApiError, isObject, noContent, ok, type ApiResponse } from './http.ts';
import type { FaultSpec } from './faults.ts';
import { ITEM_FAILURE_COLLECTIONS, type ItemFailureSpec } from './item-failures.ts';
import type { SandboxOAuthToken } from './auth.ts';
import type { RateLimitConfig } from './rate-limit.ts';
import { withoutSecretValues } from './secrets.ts';
import type { SandboxState } from './state.ts';

export interface SandboxControls {
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  injectFault(fault: FaultSpec): void;
  injectItemFailure(failure: ItemFailureSpec): void;
  clearFaults(): void;
  state(): SandboxState;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimitConfig | null): void;
  addOAuthToken(token: SandboxOAuthToken): void;
}

const FAULT_STATUSES = new Set<unknown>([429, 500, 502, 503, 'drop']);

export function handleAdmin(method: string, path: string, body: unknown, controls: SandboxControls): ApiResponse {
  switch (`${method} ${path}`) {
    case 'GET /__sandbox/requests':
      return ok(controls.requestCounts());
    case 'DELETE /__sandbox/requests':
      controls.resetRequestCounts();
      return noContent();
    case 'POST /__sandbox/faults':
      // A body naming a `collection` arms a per-item bulk-job failure; otherwise a request fault.
      if (isObject(body) && 'collection' in body) controls.injectItemFailure(itemFailureFromJson(body));
      else controls.injectFault(faultFromJson(body));
      return noContent();
    case 'DELETE /__sandbox/faults':
      controls.clearFaults();
      return noContent();
    case 'GET /__sandbox/state':
      return ok(withoutSecretValues(controls.state()));
    case 'POST /__sandbox/oauth_tokens':
      controls.addOAuthToken(oauthTokenFromJson(body));
      return noContent();
    case 'PUT /__sandbox/settings':
      applySettings(body, controls);
      return noContent();
    default:
      throw new ApiError(404, { error: 'InvalidEndpoint', description: 'Unknown sandbox control route' });
  }
}

/** Over HTTP `path` is a regular-expression source, e.g. "^/api/v2/triggers". */
function faultFromJson(body: unknown): FaultSpec {
  if (!isObject(body) || !FAULT_STATUSES.has(body.status) || !Number.isInteger(body.times) || (body.times as number) < 1) {
    throw new ApiError(400, {
      error: 'InvalidFault',
      description: 'Expected {"status": 429|500|502|503|"drop", "times": n, "method"?, "path"? (regex source), "retryAfterSeconds"?}',
    });
  }
  return {
    status: body.status as FaultSpec['status'],
    times: body.times as number,
    ...(typeof body.method === 'string' ? { method: body.method } : {}),
    ...(typeof body.path === 'string' ? { path: new RegExp(body.path) } : {}),
    ...(typeof body.retryAfterSeconds === 'number' ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
  };
}

function itemFailureFromJson(body: Record<string, unknown>): ItemFailureSpec {
  const times = body.times ?? 1;
  const valid =
    (ITEM_FAILURE_COLLECTIONS as readonly unknown[]).includes(body.collection) &&
    (body.id === undefined || typeof body.id === 'number' || typeof body.id === 'string') &&
    (body.match === undefined || isObject(body.match)) &&
    Number.isInteger(times) &&
    (times as number) >= 1 &&
    (body.error === undefined || typeof body.error === 'string') &&
    (body.details === undefined || typeof body.details === 'string');
  if (!valid) {
    throw new ApiError(400, {
      error: 'InvalidFault',
      description: `Expected {"collection": ${ITEM_FAILURE_COLLECTIONS.map((c) => `"${c}"`).join('|')}, "id"?, "match"?: {…}, "times"?: n, "error"?, "details"?}`,
    });
  }
  return {
    collection: body.collection as ItemFailureSpec['collection'],
    times: times as number,
    ...(body.id === undefined ? {} : { id: body.id as number | string }),
    ...(isObject(body.match) ? { match: body.match } : {}),
    ...(typeof body.error === 'string' ? { error: body.error } : {}),
    ...(typeof body.details === 'string' ? { details: body.details } : {}),
  };
}

function oauthTokenFromJson(body: unknown): SandboxOAuthToken {
  const valid =
    isObject(body) &&
    typeof body.token === 'string' &&
    body.token.length >= 8 &&
    Array.isArray(body.scopes) &&
    body.scopes.every((scope) => typeof scope === 'string');
  if (!valid) throw new ApiError(400, { error: 'InvalidToken', description: 'Expected {"token": "<8 or more characters>", "scopes": ["read", …]}' });
  return { token: body.token as string, scopes: body.scopes as string[] };
}

function applySettings(body: unknown, controls: SandboxControls): void {
  if (!isObject(body)) throw new ApiError(400, { error: 'InvalidSettings', description: 'Expected {"latencyMs"?, "rateLimit"?}' });
  if (typeof body.latencyMs === 'number') controls.setLatency(body.latencyMs);
  if (body.rateLimit === null) controls.setRateLimit(null);
  else if (isObject(body.rateLimit) && typeof body.rateLimit.requestsPerMinute === 'number') {
    controls.setRateLimit(body.rateLimit as unknown as RateLimitConfig);
  }
}
