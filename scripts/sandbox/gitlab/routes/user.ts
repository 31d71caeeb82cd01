/**
 * `GET /user`: the user the token acts as (GitLab doc/api/users.md, "Get the current
 * user"). For a project access token that is the token's bot user, so each new token
 * answers with its own user.
 */
import { userEntity } from '../entities.ts';
import type { Route } from '../http.ts';

export function userRoutes(): Route[] {
  return [{ method: 'GET', pattern: 'user', handler: (request) => ({ status: 200, body: userEntity(request.user, request.url.origin) }) }];
}
