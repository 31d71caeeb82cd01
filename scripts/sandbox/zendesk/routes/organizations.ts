/**
 * Reference §9: organizations. Names are unique case-insensitively (422 DuplicateValue);
 * `organization_fields` always lists every defined key (null when unset). Bulk writes are
 * asynchronous: they answer with a job_status (reference §12) and hold at most 100 items.
 */
import {
  ApiError,
  classicError,
  isObject,
  ok,
  recordInvalid,
  type ApiRequest,
  type RouteHandler,
  type SandboxContext,
} from '../http.ts';
import type { JobResultItem } from '../jobs.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, idsFromQuery, listResponse, render } from './crud.ts';

const def = RESOURCES.organizations;
const MAX_BULK_ITEMS = 100;
const WRITABLE = ['name', 'external_id', 'details', 'notes', 'domain_names', 'group_id', 'shared_tickets', 'shared_comments', 'tags', 'organization_fields'];

export function organizationRoutes(): Route[] {
  return [
    ...crudRoutes(def, {
      hooks: {
        create: (input, _request, context) => newOrganization(input, context),
        update: (existing, input, _request, context) => organizationChanges(existing, input, context),
      },
    }),
    { method: 'GET', pattern: 'organizations/show_many', handler: showMany },
    { method: 'GET', pattern: 'organizations/search', handler: search },
    { method: 'POST', pattern: 'organizations/create_many', handler: createMany },
    { method: 'PUT', pattern: 'organizations/update_many', handler: updateMany },
    { method: 'DELETE', pattern: 'organizations/destroy_many', handler: destroyMany },
  ];
}

function newOrganization(input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const fields = organizationChanges(undefined, input, context);
  return {
    name: fields.name,
    shared_tickets: false,
    shared_comments: false,
    external_id: null,
    domain_names: [],
    details: null,
    notes: null,
    group_id: null,
    tags: [],
    ...fields,
    organization_fields: { ...emptyOrganizationFields(context), ...(fields.organization_fields as object | undefined) },
  };
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
    const taken = context.store
      .list('organizations')
      .some((other) => other !== existing && String(other.name).toLowerCase() === name.toLowerCase());
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
  return Object.fromEntries(context.store.list('organization_fields').map((field) => [String(field.key), null]));
}

const showMany: RouteHandler = (request, context) => {
  const externalIds = request.query.list('external_ids').map((id) => id.toLowerCase());
  const organizations =
    externalIds.length > 0
      ? context.store.list('organizations').filter((org) => externalIds.includes(String(org.external_id ?? '').toLowerCase()))
      : idsFromQuery(def, request, context);
  return listResponse(def, organizations, request, {}, 'all');
};

/** Reference §9.2: exact, case-insensitive match on `name` or `external_id`. */
const search: RouteHandler = (request, context) => {
  const name = request.query.get('name')?.toLowerCase();
  const externalId = request.query.get('external_id')?.toLowerCase();
  if (name === undefined && externalId === undefined) throw classicError(400, 'InvalidValue', 'name or external_id is required');
  const organizations = context.store.list('organizations').filter((org) =>
    name !== undefined ? String(org.name).toLowerCase() === name : String(org.external_id ?? '').toLowerCase() === externalId,
  );
  return listResponse(def, organizations, request, {}, 'all');
};

const createMany: RouteHandler = (request, context) => {
  const items = bulkItems(request, 'organizations');
  const job = context.jobs.enqueueJob('create', items, (item, index): JobResultItem => {
    try {
      const record = context.store.insert('organizations', newOrganization(item, context));
      return { id: record.id as number, index, status: 'Created' };
    } catch (error) {
      return failure(error, index, 'create');
    }
  });
  return ok({ job_status: render(RESOURCES.jobStatuses, job, request) });
};

/** Batch form `{organizations:[{id,…}]}`, or `?ids=1,2` with one `{organization:{…}}` change. */
const updateMany: RouteHandler = (request, context) => {
  const ids = request.query.list('ids');
  const change = isObject(request.body) && isObject(request.body.organization) ? request.body.organization : undefined;
  const items = ids.length > 0 && change ? ids.map((id) => ({ ...change, id })) : bulkItems(request, 'organizations');
  if (items.length > MAX_BULK_ITEMS) throw tooMany();
  const job = context.jobs.enqueueJob('update', items, (item, index): JobResultItem => {
    const existing = context.store.find('organizations', item.id);
    if (!existing) return { index, id: item.id as number, action: 'update', success: false, error: 'RecordNotFound', details: 'Not found' };
    try {
      context.store.update('organizations', existing.id, organizationChanges(existing, item, context));
      return { id: existing.id as number, action: 'update', status: 'Updated', success: true };
    } catch (error) {
      return failure(error, index, 'update', existing.id as number);
    }
  });
  return ok({ job_status: render(RESOURCES.jobStatuses, job, request) });
};

const destroyMany: RouteHandler = (request, context) => {
  const ids = request.query.list('ids');
  if (ids.length === 0) throw classicError(400, 'InvalidValue', 'ids is required');
  if (ids.length > MAX_BULK_ITEMS) throw tooMany();
  const job = context.jobs.enqueueJob('delete', ids, (id, index): JobResultItem =>
    context.store.remove('organizations', id)
      ? { id: Number(id), action: 'delete', status: 'Deleted', success: true }
      : { index, id: Number(id), action: 'delete', success: false, error: 'RecordNotFound', details: 'Not found' },
  );
  return ok({ job_status: render(RESOURCES.jobStatuses, job, request) });
};

function bulkItems(request: ApiRequest, key: string): Record<string, unknown>[] {
  const items = isObject(request.body) ? request.body[key] : undefined;
  if (!Array.isArray(items) || !items.every(isObject)) {
    throw classicError(400, 'InvalidValue', `Request body must contain a "${key}" list`);
  }
  // Reference §0/§15.5: at most 100 items per bulk call (the exact error is unconfirmed).
  if (items.length > MAX_BULK_ITEMS) throw tooMany();
  return items;
}

function tooMany(): ApiError {
  return classicError(400, 'TooManyValues', `A bulk request accepts at most ${MAX_BULK_ITEMS} items`);
}

/** Reference §12: failed items carry the action, an error code and a readable detail. */
function failure(error: unknown, index: number, action: string, id?: number): JobResultItem {
  if (error instanceof ApiError && isObject(error.body) && isObject(error.body.details)) {
    const [[field, problems]] = Object.entries(error.body.details) as [string, { description: string; error: string }[]][];
    return { index, ...(id === undefined ? {} : { id }), action, success: false, error: problems[0]?.error ?? 'RecordInvalid', details: problems[0]?.description ?? field };
  }
  return { index, ...(id === undefined ? {} : { id }), action, success: false, error: 'InternalError', details: String(error) };
}
