/**
 * Reference §10: users are read to resolve emails to ids. GET /users filters by `role` /
 * `role[]`; /users/search matches `email:x`, a bare email, or `external_id` (OBP only).
 */
import { ok, recordNotFound, type ApiRequest, type RouteHandler } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, idsFromQuery, listHandler, listResponse, render } from './crud.ts';

const def = RESOURCES.users;

export function userRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'users', handler: listHandler(def, { filter: byRole }) },
    ...crudRoutes(def, { operations: ['show'] }),
    { method: 'GET', pattern: 'users/me', handler: me },
    { method: 'GET', pattern: 'users/search', handler: search },
    { method: 'GET', pattern: 'users/show_many', handler: showMany },
  ];
}

function byRole(users: SandboxRecord[], request: ApiRequest): SandboxRecord[] {
  const roles = request.query.list('role');
  return roles.length === 0 ? users : users.filter((user) => roles.includes(String(user.role)));
}

const me: RouteHandler = (request, context) => {
  const user = context.store.list('users').find((candidate) => sameEmail(candidate.email, request.actorEmail));
  if (!user) throw recordNotFound();
  return ok({ user: render(def, user, request) });
};

const search: RouteHandler = (request, context) => {
  const query = (request.query.get('query') ?? '').trim();
  const externalId = request.query.get('external_id');
  const users = context.store.list('users').filter((user) => {
    if (externalId !== undefined) return String(user.external_id ?? '').toLowerCase() === externalId.toLowerCase();
    return matchesSearch(user, query);
  });
  return listResponse(def, users, request, {}, 'offset');
};

const showMany: RouteHandler = (request, context) => {
  const users = idsFromQuery(def, request, context);
  return ok({ users: users.map((user) => render(def, user, request)) });
};

/** A small slice of Zendesk search syntax: `email:x`, `name:x`, a bare email, or free text. */
function matchesSearch(user: SandboxRecord, query: string): boolean {
  if (query === '') return false;
  const [, field, value] = /^(email|name):"?(.*?)"?$/.exec(query) ?? [];
  if (field === 'email') return sameEmail(user.email, value);
  if (field === 'name') return String(user.name ?? '').toLowerCase() === value.toLowerCase();
  if (query.includes('@')) return sameEmail(user.email, query);
  const text = query.toLowerCase();
  return String(user.name ?? '').toLowerCase().includes(text) || String(user.email ?? '').toLowerCase().includes(text);
}

function sameEmail(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}
