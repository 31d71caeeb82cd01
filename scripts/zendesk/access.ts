/**
 * Whether a Zendesk credential can change the account. Plan and drift jobs run code from
 * merge requests, so they should hold a credential that cannot write; this says which
 * kind they hold, and why, from what ZendeskClient.tokenScopes() returned.
 *
 * Zendesk's OAuth scopes (OAuth Tokens API, "Scopes":
 * https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/):
 * `read` (GET endpoints), `write` (POST, PUT, DELETE), `impersonate`, and
 * `<resource>:read` / `<resource>:write` for tickets, users, auditlogs, organizations,
 * hc, apps, triggers, automations, targets, webhooks, zis. "If you don't specify the
 * access, read and write access are assumed": a bare resource such as `triggers` can write.
 * An API token has no scopes and can do whatever its user can.
 */
import type { ZendeskAuth } from './client.ts';

export type CredentialAccess = { access: 'read-only' | 'write'; why: string };

/** Scopes that grant nothing to write with; any other scope is taken as write-capable. */
const READ_ONLY_SCOPE = /^(?:read|impersonate|[a-z_]+:read)$/;

export function credentialAccess(auth: ZendeskAuth['kind'] | Pick<ZendeskAuth, 'kind'>, scopes: readonly string[] | null): CredentialAccess {
  const kind = typeof auth === 'string' ? auth : auth.kind;
  if (kind === 'api-token') return { access: 'write', why: 'an API token has no scopes: it can do whatever its user can' };
  if (scopes === null) return { access: 'write', why: "the OAuth token's scopes are unknown" };
  const writing = scopes.filter((scope) => !READ_ONLY_SCOPE.test(scope));
  if (writing.length > 0) return { access: 'write', why: `the OAuth token has the scope${writing.length === 1 ? '' : 's'} ${writing.map((s) => `"${s}"`).join(', ')}` };
  if (scopes.length === 0) return { access: 'read-only', why: 'the OAuth token has no scopes' };
  return { access: 'read-only', why: `the OAuth token has only the scope${scopes.length === 1 ? '' : 's'} ${scopes.map((s) => `"${s}"`).join(', ')}` };
}
