/**
 * Reference §9.4: organization memberships link users to organizations. A user's
 * `organization_id` is their default membership's organization (§10.1), so every change
 * here keeps the two in step: the first membership becomes the default, and removing the
 * default promotes the next one (by organization name) or clears `organization_id`.
 */
import {
  noContent,
  ok,
  recordInvalid,
  recordNotFound,
  wrapped,
  type ApiRequest,
  type RouteHandler,
  type SandboxContext,
} from '../http.ts';
import type { SortSpec } from '../pagination.ts';
import { recordUrl, RESOURCES, type ResourceDef } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { bulkRoutes } from './bulk.ts';
import { crudRoutes, findOr404, listHandler, listResponse, render } from './crud.ts';

const def = RESOURCES.organizationMemberships;

/** Reference §9.4 (OAS "List Memberships"): for a user, the default organization first, then by name. */
const FOR_USER: ResourceDef = {
  ...def,
  defaultSort: [
    { field: 'default', descending: true },
    { field: 'organization_name', descending: false },
  ] satisfies SortSpec,
};

export function membershipRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'organization_memberships', handler: listHandler(def) },
    ...crudRoutes(def, { operations: ['show'] }),
    { method: 'POST', pattern: 'organization_memberships', handler: create },
    { method: 'DELETE', pattern: 'organization_memberships/:id', handler: destroy },
    ...bulkRoutes(def, {
      create: (input, context) => {
        const { user, organization } = membershipParties(input, undefined, context);
        return addMembership(context, user, organization, input.default === true);
      },
      destroy: (membership, context) => removeMembership(context, membership),
    }),
    { method: 'GET', pattern: 'users/:userId/organization_memberships', handler: listForUser },
    { method: 'GET', pattern: 'users/:userId/organization_memberships/:id', handler: showForUser },
    { method: 'POST', pattern: 'users/:userId/organization_memberships', handler: create },
    { method: 'DELETE', pattern: 'users/:userId/organization_memberships/:id', handler: destroy },
    { method: 'PUT', pattern: 'users/:userId/organization_memberships/:id/make_default', handler: makeDefault },
    { method: 'GET', pattern: 'organizations/:organizationId/organization_memberships', handler: listForOrganization },
  ];
}

/** Memberships of one user, or of one organization. */
export function membershipsOf(context: SandboxContext, by: 'user_id' | 'organization_id', id: unknown): SandboxRecord[] {
  return context.store.findAllBy('organization_memberships', by, String(id));
}

/**
 * Adds `user` to `organization`; 422 DuplicateValue when already a member (reference §9.4).
 * The first membership, or one asked to be the default, becomes the user's `organization_id`.
 */
export function addMembership(context: SandboxContext, user: SandboxRecord, organization: SandboxRecord, makeDefault = false): SandboxRecord {
  const existing = membershipsOf(context, 'user_id', user.id);
  if (existing.some((membership) => String(membership.organization_id) === String(organization.id))) {
    // The description text is unconfirmed; the 422 itself is documented (OAS Create Membership).
    throw recordInvalid({ user_id: [{ description: `User: ${String(user.name)} is already a member of ${String(organization.name)}`, error: 'DuplicateValue' }] });
  }
  const membership = context.store.insert('organization_memberships', {
    user_id: user.id,
    organization_id: organization.id,
    organization_name: organization.name,
    default: null,
    view_tickets: user.ticket_restriction === 'organization',
  });
  if (makeDefault || !existing.some((other) => other.default === true)) promoteToDefault(context, user, membership);
  return membership;
}

/** Removes a membership; removing the default promotes the next one or clears `organization_id`. */
export function removeMembership(context: SandboxContext, membership: SandboxRecord): void {
  context.store.remove('organization_memberships', membership.id);
  const user = context.store.find('users', membership.user_id);
  if (!user || (membership.default !== true && String(user.organization_id) !== String(membership.organization_id))) return;
  const [next] = byOrganizationName(membershipsOf(context, 'user_id', user.id));
  if (next) promoteToDefault(context, user, next);
  else context.store.update('users', user.id, { organization_id: null });
}

/** Deleting an organization removes its memberships (and moves members' defaults). */
export function removeOrganizationMemberships(context: SandboxContext, organizationId: unknown): void {
  for (const membership of membershipsOf(context, 'organization_id', organizationId)) removeMembership(context, membership);
}

/** `organization_name` is read-only and follows the organization's current name. */
export function renameOrganizationMemberships(context: SandboxContext, organizationId: unknown, name: unknown): void {
  for (const membership of membershipsOf(context, 'organization_id', organizationId)) {
    if (membership.organization_name !== name) context.store.update('organization_memberships', membership.id, { organization_name: name });
  }
}

/** `view_tickets` mirrors whether the user may see all of the organization's tickets. */
export function refreshViewTickets(context: SandboxContext, user: SandboxRecord): void {
  const viewTickets = user.ticket_restriction === 'organization';
  for (const membership of membershipsOf(context, 'user_id', user.id)) {
    if (membership.view_tickets !== viewTickets) context.store.update('organization_memberships', membership.id, { view_tickets: viewTickets });
  }
}

/**
 * PUT /users/{id} with `organization_id` (reference §10.1: the default organization): an
 * organization becomes the default membership, created when missing; null drops the
 * default membership. Zendesk documents no more than that, so the rest is this sandbox's choice.
 */
export function setDefaultOrganization(context: SandboxContext, user: SandboxRecord, organizationId: unknown): void {
  const memberships = membershipsOf(context, 'user_id', user.id);
  if (organizationId === null) {
    const current = memberships.find((membership) => membership.default === true);
    if (current) removeMembership(context, current);
    else if (user.organization_id !== null) context.store.update('users', user.id, { organization_id: null });
    return;
  }
  const organization = context.store.find('organizations', organizationId);
  if (!organization) throw invalidOrganization(organizationId);
  const existing = memberships.find((membership) => String(membership.organization_id) === String(organization.id));
  if (existing) promoteToDefault(context, user, existing);
  else addMembership(context, user, organization, true);
}

function promoteToDefault(context: SandboxContext, user: SandboxRecord, membership: SandboxRecord): void {
  for (const other of membershipsOf(context, 'user_id', user.id)) {
    // OAS OrganizationMembershipObject: `default` is true, or null rather than false.
    const wanted = other.id === membership.id ? true : null;
    if (other.default !== wanted) context.store.update('organization_memberships', other.id, { default: wanted });
  }
  if (String(user.organization_id) !== String(membership.organization_id)) {
    context.store.update('users', user.id, { organization_id: membership.organization_id });
  }
}

function byOrganizationName(memberships: SandboxRecord[]): SandboxRecord[] {
  return [...memberships].sort((a, b) => String(a.organization_name).localeCompare(String(b.organization_name)) || Number(a.id) - Number(b.id));
}

function invalidOrganization(id: unknown) {
  return recordInvalid({ organization_id: [{ description: `Organization: ${String(id)} is not a valid organization`, error: 'InvalidValue' }] });
}

/** User and organization for a create body; the path's user (if any) must exist (404), body ids must too (422). */
function membershipParties(input: Record<string, unknown>, pathUserId: string | undefined, context: SandboxContext) {
  const user = pathUserId === undefined ? undefined : findOr404(RESOURCES.users, pathUserId, context);
  const userId = user?.id ?? input.user_id;
  const details: Record<string, { description: string; error: string }[]> = {};
  if (userId === undefined || userId === null) details.user_id = [{ description: 'User: cannot be blank', error: 'BlankValue' }];
  if (input.organization_id === undefined || input.organization_id === null) {
    details.organization_id = [{ description: 'Organization: cannot be blank', error: 'BlankValue' }];
  }
  if (Object.keys(details).length > 0) throw recordInvalid(details);
  const member = user ?? context.store.find('users', userId);
  if (!member) throw recordInvalid({ user_id: [{ description: `User: ${String(userId)} is not a valid user`, error: 'InvalidValue' }] });
  const organization = context.store.find('organizations', input.organization_id);
  if (!organization) throw invalidOrganization(input.organization_id);
  return { user: member, organization };
}

const create: RouteHandler = (request, context) => {
  const input = wrapped(request.body, def.singular);
  const membership = context.store.batch(() => {
    const { user, organization } = membershipParties(input, request.params.userId, context);
    return addMembership(context, user, organization, input.default === true);
  });
  return ok({ [def.singular]: render(def, membership, request) }, 201, { Location: recordUrl(def, membership.id, request.origin) });
};

const destroy: RouteHandler = (request, context) => {
  const membership = ownedMembership(request, context);
  context.store.batch(() => removeMembership(context, membership));
  return noContent();
};

const showForUser: RouteHandler = (request, context) => ok({ [def.singular]: render(def, ownedMembership(request, context), request) });

const makeDefault: RouteHandler = (request, context) => {
  const membership = ownedMembership(request, context);
  const user = findOr404(RESOURCES.users, String(membership.user_id), context);
  context.store.batch(() => promoteToDefault(context, user, membership));
  const memberships = byOrganizationName(membershipsOf(context, 'user_id', user.id)).sort((a, b) => Number(b.default === true) - Number(a.default === true));
  return ok({ [def.plural]: memberships.map((record) => render(def, record, request)) });
};

/** The membership in the path, which must belong to the path's user when there is one. */
function ownedMembership(request: ApiRequest, context: SandboxContext): SandboxRecord {
  const membership = findOr404(def, request.params.id, context);
  if (request.params.userId !== undefined && String(membership.user_id) !== request.params.userId) throw recordNotFound();
  return membership;
}

const listForUser: RouteHandler = (request, context) => {
  const user = findOr404(RESOURCES.users, request.params.userId, context);
  return listResponse(FOR_USER, membershipsOf(context, 'user_id', user.id), request);
};

const listForOrganization: RouteHandler = (request, context) => {
  const organization = findOr404(RESOURCES.organizations, request.params.organizationId, context);
  return listResponse(def, membershipsOf(context, 'organization_id', organization.id), request);
};
