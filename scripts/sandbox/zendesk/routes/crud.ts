/**
 * The list/show/create/update/delete shape most kinds share. Kind modules pass hooks for
 * what differs (defaults, validation, filters, masking); everything else is driven by
 * the kind's ResourceDef.
 */
import {
  ok,
  noContent,
  recordNotFound,
  wrapped,
  type ApiRequest,
  type ApiResponse,
  type RouteHandler,
  type SandboxContext,
} from '../http.ts';
import { describeSort, paginate, sortFromQuery, sortWithKeys, type Sorter } from '../pagination.ts';
import { recordUrl, renderRecord, type ResourceDef } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';

export interface CrudHooks {
  /** Query filters for lists (e.g. `active`, `category_id`). */
  filter?(records: SandboxRecord[], request: ApiRequest, context: SandboxContext): SandboxRecord[];
  /** Fields to insert for a create body (already unwrapped); throws ApiError when invalid. */
  create?(input: Record<string, unknown>, request: ApiRequest, context: SandboxContext): SandboxRecord;
  /** Fields to merge for an update body; throws ApiError when invalid. */
  update?(existing: SandboxRecord, input: Record<string, unknown>, request: ApiRequest, context: SandboxContext): SandboxRecord;
  /** Throws ApiError to refuse the delete. */
  beforeDelete?(existing: SandboxRecord, request: ApiRequest, context: SandboxContext): void;
  /** Extra shaping of a rendered record (e.g. hide secrets). */
  render?(rendered: Record<string, unknown>, record: SandboxRecord): Record<string, unknown>;
  /** Reference §4: a few newer APIs answer 404 with an `errors[]` list instead. */
  notFound?(): Error;
}

export type CrudOperation = 'list' | 'show' | 'create' | 'update' | 'delete';

export interface CrudOptions {
  operations?: readonly CrudOperation[];
  /** Methods accepted for updates; trigger categories and webhooks also take PATCH. */
  updateMethods?: readonly string[];
  hooks?: CrudHooks;
}

export function crudRoutes(def: ResourceDef, options: CrudOptions = {}): Route[] {
  const hooks = options.hooks ?? {};
  const operations = new Set(options.operations ?? ['list', 'show', 'create', 'update', 'delete']);
  const routes: Route[] = [];
  const item = `${def.path}/:id`;
  if (operations.has('list')) routes.push({ method: 'GET', pattern: def.path, handler: listHandler(def, hooks) });
  if (operations.has('show')) routes.push({ method: 'GET', pattern: item, handler: showHandler(def, hooks) });
  if (operations.has('create')) routes.push({ method: 'POST', pattern: def.path, handler: createHandler(def, hooks) });
  if (operations.has('update')) {
    for (const method of options.updateMethods ?? ['PUT']) {
      routes.push({ method, pattern: item, handler: updateHandler(def, hooks) });
    }
  }
  if (operations.has('delete')) routes.push({ method: 'DELETE', pattern: item, handler: deleteHandler(def, hooks) });
  return routes;
}

export function listHandler(def: ResourceDef, hooks: CrudHooks = {}, pagination = def.pagination): RouteHandler {
  return (request, context) => {
    // Unfiltered lists reuse one sort per collection revision, so paging through a large
    // collection neither copies nor re-sorts it for every page.
    if (!hooks.filter) return listResponse(def, context.store.view(def.collection), request, hooks, pagination, memoisedSorter(def, context));
    const all = context.store.list(def.collection);
    const records = hooks.filter(all, request, context);
    return listResponse(def, records, request, hooks, pagination, records === all ? memoisedSorter(def, context) : undefined);
  };
}

export function listResponse(
  def: ResourceDef,
  records: readonly SandboxRecord[],
  request: ApiRequest,
  hooks: CrudHooks = {},
  pagination = def.pagination,
  sorter?: Sorter,
): ApiResponse {
  const sort = sortFromQuery(request.query, def.sortAliases, def.defaultSort);
  const page = paginate(records, pagination, sort, request, sorter);
  return ok({ [def.plural]: page.records.map((record) => render(def, record, request, hooks)), ...page.envelope });
}

/** Sorts the whole collection at most once per revision and sort order. */
export function memoisedSorter(def: ResourceDef, context: SandboxContext): Sorter {
  return (sort) => context.store.memo(def.collection, `sorted:${describeSort(sort)}`, () => sortWithKeys(context.store.view(def.collection), sort));
}

export function render(def: ResourceDef, record: SandboxRecord, request: ApiRequest, hooks: CrudHooks = {}): Record<string, unknown> {
  const rendered = renderRecord(def, record, request.origin);
  return hooks.render ? hooks.render(rendered, record) : rendered;
}

export function findOr404(def: ResourceDef, id: string, context: SandboxContext, hooks: CrudHooks = {}): SandboxRecord {
  const record = context.store.find(def.collection, id);
  if (!record) throw hooks.notFound?.() ?? recordNotFound();
  return record;
}

function showHandler(def: ResourceDef, hooks: CrudHooks): RouteHandler {
  return (request, context) => ok({ [def.singular]: render(def, findOr404(def, request.params.id, context, hooks), request, hooks) });
}

function createHandler(def: ResourceDef, hooks: CrudHooks): RouteHandler {
  return (request, context) => {
    const input = wrapped(request.body, def.singular);
    const fields = hooks.create ? hooks.create(input, request, context) : input;
    const record = context.store.insert(def.collection, fields);
    return ok({ [def.singular]: render(def, record, request, hooks) }, def.createStatus, {
      Location: recordUrl(def, record.id, request.origin),
    });
  };
}

function updateHandler(def: ResourceDef, hooks: CrudHooks): RouteHandler {
  return (request, context) => {
    const existing = findOr404(def, request.params.id, context, hooks);
    const input = wrapped(request.body, def.singular);
    const fields = hooks.update ? hooks.update(existing, input, request, context) : input;
    const record = context.store.update(def.collection, existing.id, fields) ?? existing;
    return ok({ [def.singular]: render(def, record, request, hooks) });
  };
}

function deleteHandler(def: ResourceDef, hooks: CrudHooks): RouteHandler {
  return (request, context) => {
    const existing = findOr404(def, request.params.id, context, hooks);
    hooks.beforeDelete?.(existing, request, context);
    context.store.remove(def.collection, existing.id);
    return noContent();
  };
}

/** `?ids=1,2,3` for destroy_many / show_many; all must exist (checked before any change). */
export function idsFromQuery(def: ResourceDef, request: ApiRequest, context: SandboxContext): SandboxRecord[] {
  const ids = request.query.list('ids');
  if (ids.length === 0) throw recordNotFound();
  return ids.map((id) => findOr404(def, id, context));
}

/** Lookup helpers validation needs, bound to the live store. */
export function referenceLookup(context: SandboxContext) {
  return {
    groupExists: (id: string) => context.store.find('groups', id) !== undefined,
    triggerCategoryExists: (id: string) => context.store.find('trigger_categories', id) !== undefined,
    macroAttachmentExists: (id: string) => context.store.find('macro_attachments', id) !== undefined,
  };
}

/**
 * The fields every titled, ordered object (rules, views) takes alike: the title (and
 * `raw_title`, which Zendesk echoes as the title unless dynamic content gave one),
 * `active` and `position`. Kind-specific fields are added by the caller.
 */
export function titledFields(input: Record<string, unknown>): SandboxRecord {
  const fields: SandboxRecord = {};
  if (input.title !== undefined) {
    fields.title = input.title;
    fields.raw_title = input.raw_title ?? input.title;
  }
  if (typeof input.active === 'boolean') fields.active = input.active;
  if (typeof input.position === 'number') fields.position = input.position;
  return fields;
}
