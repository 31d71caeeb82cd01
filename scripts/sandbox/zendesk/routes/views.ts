/**
 * Views (reference §13.5, OAS Views). They are written in one shape and read in another:
 * a request sends `all`/`any` and `output {columns: [ids], group_by, group_order, sort_by,
 * sort_order}` (OAS CreateView/UpdateView); a view comes back with `conditions {all, any}`
 * and `execution {columns: [{id, title}], group {id, title, order}, sort {…}, …}` (OAS
 * ViewObject). `PUT /views/update_many` sets position and active (OAS UpdateManyViews).
 */
import { ApiError, isObject, noContent, ok, recordInvalid, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, findOr404, idsFromQuery, render, titledFields, type CrudHooks } from './crud.ts';

const VIEWS = RESOURCES.views;

/** OAS CreateView: "at least one condition in the `all` array that checks one of" these. */
const REQUIRED_ALL_FIELDS = new Set(['status', 'type', 'group_id', 'assignee_id', 'requester_id']);

/** OAS CreateView "View columns": the titles the agent interface shows. */
const COLUMN_TITLES: Readonly<Record<string, string>> = {
  assigned: 'Assigned', assignee: 'Assignee', due_date: 'Due Date', group: 'Group', nice_id: 'ID', updated: 'Updated',
  updated_assignee: 'Assignee updated', updated_requester: 'Requester updated', updated_by_type: 'Updater',
  organization: 'Organization', priority: 'Priority', created: 'Requested', requester: 'Requester', locale_id: 'Requester language',
  satisfaction_score: 'Satisfaction', solved: 'Solved', status: 'Status category', description: 'Subject', submitter: 'Submitter',
  ticket_form: 'Ticket form', type: 'Type', brand: 'Brand', custom_status_id: 'Ticket status', score: 'Score',
};

export function viewRoutes(): Route[] {
  const hooks: CrudHooks = {
    filter: (records, request) => {
      const active = request.query.bool('active');
      return records.filter((record) => active === undefined || record.active === active);
    },
    create: (input, _request, context) => {
      if (typeof input.title !== 'string' || input.title === '') throw recordInvalid({ title: [{ description: 'Title: cannot be blank', error: 'BlankValue' }] });
      const fields = { active: true, default: false, description: null, restriction: null, execution: execution(undefined), ...viewFields(input) };
      assertValid(fields, context);
      return fields;
    },
    update: (existing, input, _request, context) => {
      const fields = viewFields(input);
      assertValid({ ...existing, ...fields }, context);
      return fields;
    },
    render: (rendered, record) => ({ ...rendered, execution: renderExecution(record.execution) }),
  };
  return [
    ...crudRoutes(VIEWS, { hooks }),
    { method: 'PUT', pattern: 'views/update_many', handler: updateMany(hooks) },
    { method: 'DELETE', pattern: 'views/destroy_many', handler: destroyMany },
  ];
}

/** The writable fields of a request body, stored as Zendesk shows them. */
function viewFields(input: Record<string, unknown>): SandboxRecord {
  const fields = titledFields(input);
  if (input.description !== undefined) fields.description = input.description === '' ? null : input.description;
  if (input.restriction !== undefined) fields.restriction = restriction(input.restriction);
  // OAS UpdateView: "Updating a condition updates the containing array, clearing the other conditions."
  const conditions = isObject(input.conditions) ? input.conditions : input;
  if (conditions.all !== undefined || conditions.any !== undefined) {
    fields.conditions = { all: Array.isArray(conditions.all) ? conditions.all : [], any: Array.isArray(conditions.any) ? conditions.any : [] };
  }
  if (isObject(input.output)) fields.execution = execution(input.output);
  return fields;
}

/** Like macros (reference §7.1): a group restriction is echoed as {type, id: ids[0], ids}. */
function restriction(value: unknown): unknown {
  if (!isObject(value) || value.type !== 'Group') return value;
  const ids = Array.isArray(value.ids) ? value.ids : value.id !== undefined ? [value.id] : [];
  return { type: 'Group', id: ids[0] ?? null, ids };
}

function execution(output: Record<string, unknown> | undefined): SandboxRecord {
  return {
    columns: Array.isArray(output?.columns) ? output.columns : [],
    group_by: output?.group_by ?? null,
    group_order: output?.group_order ?? 'asc',
    sort_by: output?.sort_by ?? null,
    sort_order: output?.sort_order ?? 'asc',
  };
}

/** OAS ViewObject example: columns as {id, title}; group and sort as {id, title, order}. */
function renderExecution(stored: unknown): Record<string, unknown> {
  const e = (isObject(stored) ? stored : execution(undefined)) as Record<string, unknown>;
  const column = (id: unknown) => ({ id, title: COLUMN_TITLES[String(id)] ?? String(id) });
  return {
    group_by: e.group_by,
    group_order: e.group_order,
    sort_by: e.sort_by,
    sort_order: e.sort_order,
    group: e.group_by === null ? null : { ...column(e.group_by), order: e.group_order },
    sort: e.sort_by === null ? null : { ...column(e.sort_by), order: e.sort_order },
    columns: (e.columns as unknown[]).map(column),
    fields: (e.columns as unknown[]).filter((id) => typeof id !== 'number').map(column),
    custom_fields: (e.columns as unknown[]).filter((id) => typeof id === 'number').map(column),
  };
}

function assertValid(view: SandboxRecord, context: SandboxContext): void {
  const all = isObject(view.conditions) && Array.isArray(view.conditions.all) ? view.conditions.all : [];
  if (!all.some((c) => isObject(c) && REQUIRED_ALL_FIELDS.has(String(c.field)))) {
    throw recordInvalid({ base: [{ description: 'View must test for at least one of the following ticket properties in the ALL conditions section: Status, Type, Group, Assignee, Requester', error: 'InvalidValue' }] });
  }
  const r = view.restriction;
  if (isObject(r) && r.type === 'Group') {
    for (const id of Array.isArray(r.ids) ? r.ids : []) {
      if (!context.store.find('groups', String(id))) throw recordInvalid({ base: [{ description: `Invalid group id ${String(id)}`, error: 'InvalidValue' }] });
    }
  }
  const columns = isObject(view.execution) && Array.isArray(view.execution.columns) ? view.execution.columns : [];
  if (columns.length > 10) throw recordInvalid({ base: [{ description: 'A view can have at most 10 columns', error: 'InvalidValue' }] });
}

/** OAS UpdateManyViews: each entry's id must exist; position and active are set; answers the updated views. */
function updateMany(hooks: CrudHooks): RouteHandler {
  return (request: ApiRequest, context) => {
    const entries = isObject(request.body) ? request.body.views : undefined;
    if (!Array.isArray(entries) || !entries.every(isObject)) {
      throw new ApiError(400, { error: 'InvalidValue', description: 'Request body must contain a "views" list' });
    }
    const changes = entries.map((entry) => ({ existing: findOr404(VIEWS, String(entry.id), context), entry }));
    const updated = context.store.batch(() =>
      changes.map(({ existing, entry }) => {
        const fields: SandboxRecord = {};
        if (typeof entry.position === 'number') fields.position = entry.position;
        if (typeof entry.active === 'boolean') fields.active = entry.active;
        return context.store.update('views', existing.id, fields) ?? existing;
      }),
    );
    const rendered = updated.map((record) => render(VIEWS, record, request, hooks));
    return ok({ views: rendered, count: rendered.length, next_page: null, previous_page: null });
  };
}

const destroyMany: RouteHandler = (request, context) => {
  const doomed = idsFromQuery(VIEWS, request, context);
  context.store.batch(() => doomed.forEach((record) => context.store.remove('views', record.id)));
  return noContent();
};
