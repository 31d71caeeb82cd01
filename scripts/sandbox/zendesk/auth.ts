/**
 * Reference §1: API token as Basic base64("{email}/token:{token}"), or an OAuth Bearer token.
 * Anything else is 401 {"error":"Couldn't authenticate you"}.
 *
 * OAuth tokens carry scopes, as Zendesk's do (OAuth Tokens API, "Scopes":
 * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/): `read` allows GET,
 * `write` allows POST/PUT/PATCH/DELETE, `<resource>:read|write` the same for one resource, and a
 * bare `<resource>` both. A request its token's scopes do not allow gets 403 Forbidden.
 * API tokens have no scopes: they can do whatever their user can.
 */
import { classicError, type ApiError } from './apiError.ts';

export interface SandboxOAuthToken {
  token: string;
  scopes: readonly string[];
}

export interface SandboxCredentials {
  email: string;
  apiToken: string;
  /** An OAuth token with the scopes `read` and `write`. */
  oauthToken: string;
  /** More OAuth tokens and their scopes, e.g. a read-only one for plan jobs. */
  oauthTokens?: readonly SandboxOAuthToken[];
}

/** The read-only OAuth token every default sandbox knows: what a plan or drift job should hold. */
export const READ_ONLY_OAUTH_TOKEN: SandboxOAuthToken = { token: 'sandbox-read-oauth-token', scopes: ['read'] };

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  email: 'admin@example.com',
  apiToken: 'sandbox-api-token',
  oauthToken: 'sandbox-oauth-token',
  oauthTokens: [READ_ONLY_OAUTH_TOKEN],
};

/** Who a request acts as, and with what: an API token (no scopes), or an OAuth token and its scopes. */
export type SandboxActor = { email: string; kind: 'api-token' } | { email: string; kind: 'oauth'; token: SandboxOAuthToken };

/** Every OAuth token the credentials know, the read-write one first. */
export function oauthTokensOf(credentials: SandboxCredentials): SandboxOAuthToken[] {
  return [{ token: credentials.oauthToken, scopes: ['read', 'write'] }, ...(credentials.oauthTokens ?? [])];
}

/** The actor, or undefined when the credentials are wrong. */
export function authenticate(authorization: string | undefined, credentials: SandboxCredentials): SandboxActor | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  switch (scheme?.toLowerCase()) {
    case 'bearer': {
      const token = oauthTokensOf(credentials).find((known) => known.token === value);
      return token ? { email: credentials.email, kind: 'oauth', token } : undefined;
    }
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const expected = `${credentials.email}/token:${credentials.apiToken}`;
      return decoded.toLowerCase() === expected.toLowerCase() && decoded.endsWith(credentials.apiToken)
        ? { email: credentials.email, kind: 'api-token' }
        : undefined;
    }
    default:
      return undefined;
  }
}

export const UNAUTHENTICATED_BODY = { error: "Couldn't authenticate you" };

/** Resources Zendesk offers `<resource>:read|write` scopes for (the OAuth Tokens API's list). */
const SCOPED_RESOURCES = new Set(['tickets', 'users', 'auditlogs', 'organizations', 'hc', 'apps', 'triggers', 'automations', 'targets', 'webhooks', 'zis']);

/** Paths every valid token may call: a token can always read its own properties. */
const ALWAYS_ALLOWED = new Set(['oauth/tokens/current']);

/**
 * 403 when the actor's token lacks the scope for `method` on `apiPath` (below /api/v2, e.g.
 * `triggers/123`); undefined when allowed. Zendesk answers with its classic Forbidden body
 * (reference §4; its description text is unconfirmed).
 */
export function scopeDenial(actor: SandboxActor, method: string, apiPath: string): ApiError | undefined {
  if (actor.kind === 'api-token' || ALWAYS_ALLOWED.has(apiPath)) return undefined;
  const access = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  const resource = apiPath.split('/')[0];
  const granted = actor.token.scopes.some(
    (scope) => scope === access || (SCOPED_RESOURCES.has(resource) && (scope === `${resource}:${access}` || scope === resource)),
  );
  if (granted) return undefined;
  return classicError(403, 'Forbidden', 'You do not have access to this page. Please contact the account owner of this help desk for further help.');
}
