/**
 * Reference §5.3: trigger categories. A newer API than the rules: ids are strings,
 * creates answer 200, updates are PATCH, and errors come as an `errors[]` list.
 * POST /trigger_categories/jobs is synchronous despite its name and all-or-nothing.
 */
import { ApiError, errorList, isObject, ok, wrapped, type RouteHandler, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, render, type CrudHooks } from './crud.ts';

const def = RESOURCES.triggerCategories;

const notFound = () => errorList(404, 'TriggerCategoryNotFound', 'Category can’t be found. Check the ID and try again.');

const hooks: CrudHooks = {
  notFound,
  create: (input) => ({ ...categoryFields(input), name: requireName(input.name) }),
  update: (_existing, input) => {
    const fields = categoryFields(input);
    if (input.name !== undefined) fields.name = requireName(input.name);
    return fields;
  },
  beforeDelete: (existing, _request, context) => {
    if (context.store.list('triggers').some((trigger) => String(trigger.category_id) === String(existing.id))) {
      throw errorList(400, 'TriggerCategoryNotEmpty', 'A category with active ticket triggers cannot be deleted.');
    }
  },
};

export function triggerCategoryRoutes(): Route[] {
  return [
    ...crudRoutes(def, { hooks, updateMethods: ['PATCH', 'PUT'] }),
    { method: 'POST', pattern: 'trigger_categories/jobs', handler: batchJob },
  ];
}

function categoryFields(input: Record<string, unknown>): SandboxRecord {
  return typeof input.position === 'number' ? { position: input.position } : {};
}

function requireName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw errorList(400, 'InvalidTriggerCategory', 'Name cannot be blank');
  return name;
}

interface BatchError {
  code: string;
  title: string;
  trigger_id?: string;
  trigger_category_id?: string;
}

const batchJob: RouteHandler = (request, context) => {
  const job = wrapped(request.body, 'job');
  if (job.action !== 'patch') throw failed([{ code: 'InvalidAction', title: 'action must be "patch"' }]);
  const items = isObject(job.items) ? job.items : {};
  const categoryItems = objectList(items.trigger_categories);
  const triggerItems = objectList(items.triggers);
  const errors = [...categoryErrors(categoryItems, context), ...triggerErrors(triggerItems, context)];
  if (errors.length > 0) throw failed(errors);

  const { categories, triggers } = context.store.batch(() => ({
    categories: categoryItems.map((item) => context.store.update('trigger_categories', item.id, categoryFields(item)) as SandboxRecord),
    triggers: triggerItems.map((item) => context.store.update('triggers', item.id, triggerBatchFields(item)) as SandboxRecord),
  }));
  return ok({
    status: 'complete',
    results: {
      trigger_categories: categories.map((record) => render(def, record, request)),
      triggers: triggers.map((record) => render(RESOURCES.triggers, record, request)),
    },
  });
};

function categoryErrors(items: Record<string, unknown>[], context: SandboxContext): BatchError[] {
  return items
    .filter((item) => !context.store.find('trigger_categories', item.id))
    .map((item) => ({ code: 'InvalidTriggerCategory', title: 'id is not valid', trigger_category_id: String(item.id) }));
}

function triggerErrors(items: Record<string, unknown>[], context: SandboxContext): BatchError[] {
  return items.flatMap((item): BatchError[] => {
    const triggerId = String(item.id);
    if (!context.store.find('triggers', item.id)) return [{ code: 'InvalidTrigger', title: 'id is not valid', trigger_id: triggerId }];
    if (item.category_id !== undefined && !context.store.find('trigger_categories', item.category_id)) {
      return [{ code: 'InvalidTrigger', title: 'category_id is not valid', trigger_id: triggerId }];
    }
    return [];
  });
}

function triggerBatchFields(item: Record<string, unknown>): SandboxRecord {
  const fields: SandboxRecord = {};
  if (typeof item.position === 'number') fields.position = item.position;
  if (typeof item.active === 'boolean') fields.active = item.active;
  if (item.category_id !== undefined) fields.category_id = String(item.category_id);
  return fields;
}

function objectList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function failed(errors: BatchError[]): ApiError {
  return new ApiError(400, { status: 'failed', errors });
}
