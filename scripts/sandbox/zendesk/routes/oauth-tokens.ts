/**
 * GET /api/v2/oauth/tokens/current: the properties of the OAuth token the request was sent
 * with (OAS ShowToken, OAuthTokenResponse). As Zendesk does, only the first 10 characters of
 * the access token are shown; the scopes are what the tool reads. A request authenticated
 * with an API token has no current OAuth token: 404.
 */
import { recordNotFound, type RouteHandler } from '../http.ts';
import { oauthTokensOf } from '../auth.ts';
import type { Route } from '../router.ts';

/** Fixed, so the answers are the same from run to run (tokens live in the credentials, not the state). */
const CREATED_AT = '2026-01-05T09:00:00Z';
const FIRST_TOKEN_ID = 900_001;

export function oauthTokenRoutes(): Route[] {
  return [{ method: 'GET', pattern: 'oauth/tokens/current', handler: showCurrentToken }];
}

const showCurrentToken: RouteHandler = (request, context) => {
  const { actor } = request;
  if (actor.kind !== 'oauth') throw recordNotFound();
  const id = FIRST_TOKEN_ID + oauthTokensOf(context.credentials).findIndex((known) => known.token === actor.token.token);
  const user = context.store.list('users').find((candidate) => String(candidate.email).toLowerCase() === actor.email.toLowerCase());
  return {
    status: 200,
    body: {
      token: {
        id,
        user_id: user?.id ?? null,
        client_id: 1,
        token: actor.token.token.slice(0, 10),
        // Zendesk shows one when the token has one; the tool must neither print nor keep it.
        refresh_token: `${actor.token.token.slice(0, 4)}-refresh-${id}`,
        scopes: [...actor.token.scopes],
        url: `${request.origin}/api/v2/oauth/tokens/${id}.json`,
        created_at: CREATED_AT,
        expires_at: null,
        used_at: CREATED_AT,
      },
    },
  };
};
