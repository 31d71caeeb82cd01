/**
 * Reference §10: users. GET /users filters by `role` / `role[]`; /users/search takes the
 * Search API's `property:value` syntax (type:user implied), a bare email, or free text, and
 * `external_id` (OBP only). PUT /users/{id} and PUT /users/update_many (a job, §12) write
 * the profile fields the tool manages; `organization_id` moves the default membership (§9.4).
 */
import { classicError, isObject, ok, recordInvalid, recordNotFound, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { bulkRoutes } from './bulk.ts';
import { crudRoutes, findOr404, idsFromQuery, listHandler, listResponse, render } from './crud.ts';
import { refreshViewTickets, setDefaultOrganization } from './organization-memberships.ts';
import { parseSearchQuery, runSearch } from './search.ts';

const def = RESOURCES.users;

/** Profile fields PUT /users/{id} writes; anything else in the body is ignored, as read-only fields are by Zendesk. */
const WRITABLE = [
  'name',
  'notes',
  'details',
  'tags',
  'organization_id',
  'ticket_restriction',
  'user_fields',
  'external_id',
  'alias',
  'signature',
  'phone',
  'locale',
  'time_zone',
  'only_private_comments',
  'verified',
  'suspended',
] as const;

const TICKET_RESTRICTIONS = new Set<unknown>(['organization', 'groups', 'assigned', 'requested', null]);

export function userRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'users', handler: listHandler(def, { filter: byRole }) },
    ...crudRoutes(def, { operations: ['show'] }),
    { method: 'PUT', pattern: 'users/:id', handler: update },
    ...bulkRoutes(def, { update: applyUserChanges, updateByExternalIds: true }),
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
  const [user] = context.store.findAllBy('users', 'email', request.actorEmail);
  if (!user) throw recordNotFound();
  return ok({ user: render(def, user, request) });
};

/** Reference §10.2: `query` in search syntax (emails match case-insensitively), or an exact `external_id`. */
const search: RouteHandler = (request, context) => {
  const query = (request.query.get('query') ?? '').trim();
  const externalId = request.query.get('external_id');
  const users =
    externalId !== undefined ? context.store.findAllBy('users', 'external_id', externalId) : usersMatching(query, context);
  return listResponse(def, users, request, {}, 'offset');
};

function usersMatching(query: string, context: SandboxContext): readonly SandboxRecord[] {
  if (query === '') return [];
  // `email:"x@y"`, `type:user name:"Ada Park"` …: the Search API's syntax with type:user implied.
  if (/^\S+:/.test(query)) return runSearch(parseSearchQuery(query, context, 'user'), context);
  const bare = query.replace(/^"(.*)"$/, '$1');
  if (bare.includes('@')) return context.store.findAllBy('users', 'email', bare);
  const text = bare.toLowerCase();
  return context.store
    .view('users')
    .filter((user) => String(user.name ?? '').toLowerCase().includes(text) || String(user.email ?? '').toLowerCase().includes(text));
}

const showMany: RouteHandler = (request, context) => {
  const users = idsFromQuery(def, request, context);
  return ok({ users: users.map((user) => render(def, user, request)) });
};

const update: RouteHandler = (request, context) => {
  const existing = findOr404(def, request.params.id, context);
  const input = isObject(request.body) && isObject(request.body.user) ? request.body.user : undefined;
  if (!input) throw classicError(400, 'InvalidValue', 'Request body must contain a "user" object');
  const user = context.store.batch(() => applyUserChanges(existing, input, context));
  return ok({ user: render(def, user, request) });
};

/** Validates everything first (422 changes nothing), then writes the user and their memberships. */
function applyUserChanges(existing: SandboxRecord, input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const { organization_id: organizationId, ...fields } = userChanges(existing, input, context);
  if (organizationId !== undefined) setDefaultOrganization(context, existing, organizationId);
  const user = context.store.update('users', existing.id, fields) ?? existing;
  if (fields.ticket_restriction !== undefined) refreshViewTickets(context, user);
  return user;
}

/** The fields to write for a PUT body; throws 422 RecordInvalid with per-field details. */
function userChanges(existing: SandboxRecord, input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const fields: SandboxRecord = {};
  for (const key of WRITABLE) if (input[key] !== undefined) fields[key] = input[key];
  const details: Record<string, { description: string; error: string }[]> = {};
  if (fields.name !== undefined && (typeof fields.name !== 'string' || fields.name.trim() === '')) {
    details.name = [{ description: 'Name: is too short (minimum one character)', error: 'ValueTooShort' }];
  }
  if (fields.tags !== undefined && !(Array.isArray(fields.tags) && fields.tags.every((tag) => typeof tag === 'string'))) {
    details.tags = [{ description: 'Tags: must be a list of tags', error: 'InvalidValue' }];
  }
  if (fields.user_fields !== undefined && !isObject(fields.user_fields)) {
    details.user_fields = [{ description: 'User fields: must be an object of field keys and values', error: 'InvalidValue' }];
  }
  if (fields.organization_id !== undefined && fields.organization_id !== null && !context.store.find('organizations', fields.organization_id)) {
    details.organization_id = [{ description: `Organization: ${String(fields.organization_id)} is not a valid organization`, error: 'InvalidValue' }];
  }
  if (fields.ticket_restriction !== undefined) {
    const restriction = ticketRestriction(existing, fields.ticket_restriction);
    if (restriction === undefined) {
      details.ticket_restriction = [
        {
          description: `Ticket restriction: ${JSON.stringify(fields.ticket_restriction)} is not one of organization, groups, assigned, requested or null`,
          error: 'InvalidValue',
        },
      ];
    } else fields.ticket_restriction = restriction;
  }
  if (Object.keys(details).length > 0) throw recordInvalid(details);
  if (typeof fields.external_id === 'number') fields.external_id = String(fields.external_id);
  if (isObject(fields.user_fields)) fields.user_fields = { ...(isObject(existing.user_fields) ? existing.user_fields : {}), ...fields.user_fields };
  return fields;
}

/**
 * Reference §10.1 / OAS UserObject.ticket_restriction: "groups" and "assigned" are valid only
 * for agents; "If you pass an invalid value to an end user (for example, "groups"), they will
 * be assigned to "requested"". The sandbox follows that (200 with `requested`, not a 422).
 * A value outside the documented set is refused for everyone (undefined → 422), so a
 * client's typo surfaces here instead of silently becoming `requested`.
 */
function ticketRestriction(user: SandboxRecord, wanted: unknown): unknown {
  if (!TICKET_RESTRICTIONS.has(wanted)) return undefined;
  if (user.role === 'end-user' && (wanted === 'groups' || wanted === 'assigned')) return 'requested';
  return wanted;
}
