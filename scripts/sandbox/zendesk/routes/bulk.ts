/**
 * Reference §12: create_many / update_many / destroy_many answer at once with a queued
 * job_status, and each item then succeeds or fails on its own. Organizations, users and
 * organization memberships share that shape; their modules pass only the write itself.
 */
import { ApiError, classicError, isObject, ok, type ApiRequest, type ApiResponse, type RouteHandler, type SandboxContext } from '../http.ts';
import type { BulkItemTarget, ItemFailureCollection } from '../item-failures.ts';
import { injectedItemFailure, jobItemId, type JobResultItem } from '../jobs.ts';
import { RESOURCES, type ResourceDef } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { render } from './crud.ts';

/** Reference §0/§15.5: at most 100 items per bulk call. */
export const MAX_BULK_ITEMS = 100;

/**
 * An oversized bulk or show_many call. Reference §15.5 leaves the status unconfirmed; the body
 * is worded as Zendesk words it for another list parameter (facetoe/zenpy#624:
 * `{"error":"TooManyValues","description":"Parameter organization_memberships cannot specify
 * more than 1 values","max_count":1}`). `parameter` is the body key or query parameter.
 */
export function tooManyItems(parameter: string): ApiError {
  return new ApiError(400, {
    error: 'TooManyValues',
    description: `Parameter ${parameter} cannot specify more than ${MAX_BULK_ITEMS} values`,
    max_count: MAX_BULK_ITEMS,
  });
}

/** A kind whose bulk items the item-failure injector can aim at. */
export type BulkResource = ResourceDef & { collection: ItemFailureCollection };

export interface BulkWrites {
  /** Creates one item; `create_many` is served only when given. `request` says who asks (tickets' submitter). */
  create?(input: Record<string, unknown>, context: SandboxContext, request: ApiRequest): SandboxRecord;
  /**
   * A created item's job result. Default `{id, index, status: "Created"}`, as recorded for
   * organizations (reference §12); tickets answer OAS CreateResourceResult's `{id, index}`.
   */
  createdResult?(record: SandboxRecord, index: number): JobResultItem;
  /** Writes one item's changes to `existing`; throws ApiError when invalid. */
  update?(existing: SandboxRecord, input: Record<string, unknown>, context: SandboxContext): void;
  /** Removes `existing` and whatever goes with it. */
  destroy?(existing: SandboxRecord, context: SandboxContext): void;
  /** update_many also takes `?external_ids=a,b` with one change (users, reference §10.2). */
  updateByExternalIds?: boolean;
}

export function bulkRoutes(def: BulkResource, writes: BulkWrites): Route[] {
  const { create, update, destroy } = writes;
  const routes: Route[] = [];
  if (create) routes.push({ method: 'POST', pattern: `${def.path}/create_many`, handler: createMany(def, create, writes.createdResult ?? createdWithStatus) });
  if (update) routes.push({ method: 'PUT', pattern: `${def.path}/update_many`, handler: updateMany(def, update, writes.updateByExternalIds ?? false) });
  if (destroy) routes.push({ method: 'DELETE', pattern: `${def.path}/destroy_many`, handler: destroyMany(def, destroy) });
  return routes;
}

function createdWithStatus(record: SandboxRecord, index: number): JobResultItem {
  return { id: record.id as number, index, status: 'Created' };
}

function createMany(def: BulkResource, create: NonNullable<BulkWrites['create']>, created: NonNullable<BulkWrites['createdResult']>): RouteHandler {
  return (request, context) => {
    const items = bulkItems(request, def.plural);
    const job = context.jobs.enqueueJob('create', items, (input, index) =>
      attempt(context, def, { input }, index, 'create', () => created(create(input, context, request), index)),
    );
    return jobResponse(job, request);
  };
}

/** Batch form `{<plural>:[{id,…}]}`, or `?ids=1,2` with one `{<singular>:{…}}` change. */
function updateMany(def: BulkResource, update: NonNullable<BulkWrites['update']>, byExternalIds: boolean): RouteHandler {
  return (request, context) => {
    const items = updateItems(def, request, context, byExternalIds);
    if (items.length > MAX_BULK_ITEMS) throw tooManyItems(def.plural);
    const job = context.jobs.enqueueJob('update', items, (input, index) => {
      const existing = context.store.find(def.collection, input.id);
      if (!existing) return notFound(index, input.id, 'update');
      return attempt(context, def, { existing, input }, index, 'update', () => {
        update(existing, input, context);
        return { id: existing.id as number, action: 'update', status: 'Updated', success: true };
      });
    });
    return jobResponse(job, request);
  };
}

function updateItems(def: BulkResource, request: ApiRequest, context: SandboxContext, byExternalIds: boolean): Record<string, unknown>[] {
  const wrapper = isObject(request.body) ? request.body[def.singular] : undefined;
  const change = isObject(wrapper) ? wrapper : undefined;
  const ids = request.query.list('ids');
  if (change && ids.length > 0) return ids.map((id) => ({ ...change, id }));
  const externalIds = byExternalIds ? request.query.list('external_ids') : [];
  if (change && externalIds.length > 0) {
    // An unknown external id stays as the item's id, so that item fails as RecordNotFound.
    return externalIds.map((externalId) => ({ ...change, id: context.store.findAllBy(def.collection, 'external_id', externalId)[0]?.id ?? externalId }));
  }
  return bulkItems(request, def.plural);
}

function destroyMany(def: BulkResource, destroy: NonNullable<BulkWrites['destroy']>): RouteHandler {
  return (request, context) => {
    const ids = request.query.list('ids');
    if (ids.length === 0) throw classicError(400, 'InvalidValue', 'ids is required');
    if (ids.length > MAX_BULK_ITEMS) throw tooManyItems('ids');
    const job = context.jobs.enqueueJob('delete', ids, (id, index): JobResultItem => {
      const existing = context.store.find(def.collection, id);
      if (!existing) return notFound(index, id, 'delete');
      const injected = injectedItemFailure(context, def.collection, { existing }, index, 'delete');
      if (injected) return injected;
      // Removals refuse nothing, so there is no error to map: a throw is a bug, and
      // enqueueJob reports it as that item's InternalError.
      destroy(existing, context);
      return { id: existing.id as number, action: 'delete', status: 'Deleted', success: true };
    });
    return jobResponse(job, request);
  };
}

/**
 * One create or update item: an armed failure (item-failures.ts) wins before the store is
 * touched, so the record stays as it was; otherwise `write` runs, and what it throws becomes
 * this item's failed result (naming the record an update aimed at) while the other items go on.
 */
function attempt(context: SandboxContext, def: BulkResource, target: BulkItemTarget, index: number, action: string, write: () => JobResultItem): JobResultItem {
  const injected = injectedItemFailure(context, def.collection, target, index, action);
  if (injected) return injected;
  try {
    return write();
  } catch (error) {
    return bulkFailure(error, index, action, target.existing?.id as number | undefined);
  }
}

function notFound(index: number, id: unknown, action: string): JobResultItem {
  return { index, id: jobItemId(id), action, success: false, error: 'RecordNotFound', details: 'Not found' };
}

function jobResponse(job: SandboxRecord, request: ApiRequest): ApiResponse {
  return ok({ job_status: render(RESOURCES.jobStatuses, job, request) });
}

/** The `key` list of a bulk body (`{"organizations":[…]}`); 400 when missing or over 100 items. */
function bulkItems(request: ApiRequest, key: string): Record<string, unknown>[] {
  const items = isObject(request.body) ? request.body[key] : undefined;
  if (!Array.isArray(items) || !items.every(isObject)) {
    throw classicError(400, 'InvalidValue', `Request body must contain a "${key}" list`);
  }
  if (items.length > MAX_BULK_ITEMS) throw tooManyItems(key);
  return items;
}

/** Reference §12: a failed job item carries the action, an error code and a readable detail. */
function bulkFailure(error: unknown, index: number, action: string, id?: number | string): JobResultItem {
  const target = id === undefined ? {} : { id };
  if (error instanceof ApiError && isObject(error.body) && isObject(error.body.details)) {
    const [[field, problems]] = Object.entries(error.body.details) as [string, { description: string; error: string }[]][];
    return { index, ...target, action, success: false, error: problems[0]?.error ?? 'RecordInvalid', details: problems[0]?.description ?? field };
  }
  if (error instanceof ApiError && isObject(error.body) && typeof error.body.error === 'string') {
    return { index, ...target, action, success: false, error: error.body.error, details: String(error.body.description ?? '') };
  }
  return { index, ...target, action, success: false, error: 'InternalError', details: String(error) };
}
