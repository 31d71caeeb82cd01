/**
 * Reference §9: organizations. Names are unique case-insensitively (422 DuplicateValue);
 * `organization_fields` always lists every defined key (null when unset). Bulk writes are
 * asynchronous: they answer with a job_status (reference §12) and hold at most 100 items.
 * Deleting an organization removes its memberships; renaming one renames them (§9.4).
 */
import { classicError, isObject, ok, recordInvalid, recordNotFound, type RouteHandler, type SandboxContext } from '../http.ts';
import { isoSeconds } from '../clock.ts';
import { organizationRecord, RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { bulkRoutes, MAX_BULK_ITEMS, tooManyItems } from './bulk.ts';
import { crudRoutes, listResponse } from './crud.ts';
import { removeOrganizationMemberships, renameOrganizationMemberships } from './organization-memberships.ts';

const def = RESOURCES.organizations;
const WRITABLE = ['name', 'external_id', 'details', 'notes', 'domain_names', 'group_id', 'shared_tickets', 'shared_comments', 'tags', 'organization_fields'];

export function organizationRoutes(): Route[] {
  return [
    ...crudRoutes(def, {
      hooks: {
        create: (input, _request, context) => newOrganization(input, context),
        update: (existing, input, _request, context) => organizationUpdate(existing, input, context),
        beforeDelete: (existing, _request, context) => removeOrganizationMemberships(context, existing.id),
      },
    }),
    { method: 'GET', pattern: 'organizations/count', handler: count },
    { method: 'GET', pattern: 'organizations/show_many', handler: showMany },
    { method: 'GET', pattern: 'organizations/search', handler: search },
    ...bulkRoutes(def, {
      create: (input, context) => context.store.insert('organizations', newOrganization(input, context)),
      update: (existing, input, context) => context.store.update('organizations', existing.id, organizationUpdate(existing, input, context)),
      destroy: (existing, context) => {
        removeOrganizationMemberships(context, existing.id);
        context.store.remove('organizations', existing.id);
      },
    }),
  ];
}

function newOrganization(input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const fields = organizationChanges(undefined, input, context);
  return organizationRecord(fields.name, fields, { ...emptyOrganizationFields(context), ...(fields.organization_fields as object | undefined) });
}

/** The changes an update writes; a new name follows into the memberships (§9.4). */
function organizationUpdate(existing: SandboxRecord, input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const changes = organizationChanges(existing, input, context);
  if (changes.name !== undefined) renameOrganizationMemberships(context, existing.id, changes.name);
  return changes;
}

/** Throws 422 for a blank or taken name, or an unknown group. */
function organizationChanges(existing: SandboxRecord | undefined, input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const fields: SandboxRecord = {};
  for (const key of WRITABLE) if (input[key] !== undefined) fields[key] = input[key];
  if (typeof fields.external_id === 'number') fields.external_id = String(fields.external_id);
  if (existing === undefined || fields.name !== undefined) {
    const name = fields.name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw recordInvalid({ name: [{ description: 'Name: cannot be blank', error: 'BlankValue' }] });
    }
    const taken = context.store.findAllBy('organizations', 'name', name).some((other) => other !== existing);
    if (taken) {
      throw recordInvalid({ name: [{ description: `Name: ${name} has already been taken`, error: 'DuplicateValue' }] });
    }
  }
  if (fields.group_id !== undefined && fields.group_id !== null && !context.store.find('groups', fields.group_id)) {
    throw recordInvalid({ group_id: [{ description: `Group: ${String(fields.group_id)} is not a valid group`, error: 'InvalidValue' }] });
  }
  if (existing && isObject(fields.organization_fields) && isObject(existing.organization_fields)) {
    fields.organization_fields = { ...existing.organization_fields, ...fields.organization_fields };
  }
  return fields;
}

function emptyOrganizationFields(context: SandboxContext): Record<string, null> {
  return Object.fromEntries(context.store.view('organization_fields').map((field) => [String(field.key), null]));
}

/**
 * Reference §9.2 / OAS CountOrganizations. Zendesk's count is approximate and refreshed daily
 * above 100,000; the sandbox always counts exactly and says it did so just now.
 */
const count: RouteHandler = (_request, context) =>
  ok({ count: { value: context.store.count('organizations'), refreshed_at: isoSeconds(Date.now()) } });

/**
 * Reference §9.2 / OAS ShowManyOrganizations: up to 100 ids or external ids (400 beyond,
 * like other oversized bulk calls). Answered in id order whatever order was asked, so the
 * result is stable; duplicates count once. An unknown id is a 404 (unknown external ids are skipped).
 */
const showMany: RouteHandler = (request, context) => {
  const externalIds = [...new Set(request.query.list('external_ids').map((id) => id.toLowerCase()))];
  const ids = [...new Set(request.query.list('ids'))];
  if (externalIds.length === 0 && ids.length === 0) throw recordNotFound();
  if (externalIds.length > MAX_BULK_ITEMS || ids.length > MAX_BULK_ITEMS) throw tooManyItems(externalIds.length > MAX_BULK_ITEMS ? 'external_ids' : 'ids');
  const organizations =
    externalIds.length > 0
      ? [...new Set(externalIds.flatMap((id) => context.store.findAllBy('organizations', 'external_id', id)))]
      : ids.map((id) => context.store.find('organizations', id) ?? throwNotFound());
  return listResponse(def, organizations, request, {}, 'all');
};

function throwNotFound(): never {
  throw recordNotFound();
}

/** Reference §9.2: exact, case-insensitive match on `name` or `external_id`. */
const search: RouteHandler = (request, context) => {
  const name = request.query.get('name');
  const externalId = request.query.get('external_id');
  if (name === undefined && externalId === undefined) throw classicError(400, 'InvalidValue', 'name or external_id is required');
  const organizations =
    name !== undefined ? context.store.findAllBy('organizations', 'name', name) : context.store.findAllBy('organizations', 'external_id', externalId);
  return listResponse(def, organizations, request, {}, 'all');
};
