/**
 * Business rules: triggers (reference §5), automations (§6) and macros (§7). They share
 * CRUD, `update_many` (synchronous, only position/active/category_id honoured),
 * `destroy_many` and `/active`; they differ in fields and validation.
 */
import {
  ApiError,
  errorList,
  isObject,
  noContent,
  ok,
  recordInvalid,
  recordNotFound,
  type ApiRequest,
  type RouteHandler,
  type SandboxContext,
} from '../http.ts';
import { BY_POSITION, sortRecords } from '../pagination.ts';
import { RESOURCES, type ResourceDef } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { hasDetails, validateRule, type RuleKind } from '../validation.ts';
import { crudRoutes, findOr404, idsFromQuery, listHandler, referenceLookup, render, titledFields, type CrudHooks } from './crud.ts';

interface RuleKindSpec {
  kind: RuleKind;
  def: ResourceDef;
  /** Writable fields besides title/raw_title/active/actions. */
  fields: readonly string[];
  /** Fields `update_many` honours. */
  bulkFields: readonly string[];
  /** Reference §2.2: /triggers/active is CBP or OBP, /automations/active and /macros/active OBP only. */
  activePagination: ResourceDef['pagination'];
}

const TRIGGERS: RuleKindSpec = {
  kind: 'trigger',
  def: RESOURCES.triggers,
  fields: ['description', 'conditions', 'category_id'],
  bulkFields: ['position', 'active', 'category_id'],
  activePagination: 'cursor_or_offset',
};
const AUTOMATIONS: RuleKindSpec = {
  kind: 'automation',
  def: RESOURCES.automations,
  fields: ['conditions'],
  bulkFields: ['position', 'active'],
  activePagination: 'offset',
};
const MACROS: RuleKindSpec = {
  kind: 'macro',
  def: RESOURCES.macros,
  // `attachments` (macro attachment ids) stays as it was when a PUT leaves it out, like every field here.
  fields: ['description', 'restriction', 'attachments'],
  bulkFields: ['position', 'active'],
  activePagination: 'offset',
};

export function ruleRoutes(): Route[] {
  return [TRIGGERS, AUTOMATIONS, MACROS].flatMap((spec) => {
    const hooks = ruleHooks(spec);
    return [
      ...crudRoutes(spec.def, { hooks }),
      { method: 'GET', pattern: `${spec.def.path}/active`, handler: activeHandler(spec, hooks) },
      { method: 'PUT', pattern: `${spec.def.path}/update_many`, handler: updateManyHandler(spec, hooks) },
      { method: 'DELETE', pattern: `${spec.def.path}/destroy_many`, handler: destroyManyHandler(spec) },
    ];
  }).concat([{ method: 'PUT', pattern: 'triggers/reorder', handler: reorderTriggers }]);
}

function ruleHooks(spec: RuleKindSpec): CrudHooks {
  return {
    filter: (records, request) => filterRules(spec, records, request),
    create: (input, _request, context) => {
      assertValid(spec, input, context);
      return { ...defaults(spec, context), ...ruleFields(spec, input) };
    },
    update: (existing, input, _request, context) => {
      const fields = ruleFields(spec, input);
      assertValid(spec, { ...existing, ...fields }, context);
      return fields;
    },
  };
}

function filterRules(spec: RuleKindSpec, records: SandboxRecord[], request: ApiRequest): SandboxRecord[] {
  const active = request.query.bool('active');
  const categoryId = spec.kind === 'trigger' ? request.query.get('category_id') : undefined;
  return records.filter(
    (record) => (active === undefined || record.active === active) && (categoryId === undefined || String(record.category_id) === categoryId),
  );
}

function activeHandler(spec: RuleKindSpec, hooks: CrudHooks): RouteHandler {
  const list = listHandler(spec.def, { ...hooks, filter: (records) => records.filter((record) => record.active === true) }, spec.activePagination);
  return (request, context) => list(request, context);
}

function defaults(spec: RuleKindSpec, context: SandboxContext): SandboxRecord {
  const common = { active: true, default: false };
  switch (spec.kind) {
    case 'trigger':
      return { ...common, description: null, category_id: defaultCategoryId(context) };
    case 'automation':
      return common;
    case 'macro':
      return { ...common, description: null, restriction: null };
  }
}

/** New triggers without a category land in the first one, as in accounts with categories enabled. */
function defaultCategoryId(context: SandboxContext): string | null {
  const [first] = sortRecords(context.store.list('trigger_categories'), BY_POSITION);
  return first ? String(first.id) : null;
}

/** The writable fields of a request body, normalised to what Zendesk echoes back. */
function ruleFields(spec: RuleKindSpec, input: Record<string, unknown>): SandboxRecord {
  const fields = titledFields(input);
  // Reference §5.2: conditions/actions given in a PUT replace the stored arrays.
  if (input.actions !== undefined) fields.actions = input.actions;
  for (const name of spec.fields) {
    if (input[name] === undefined) continue;
    if (name === 'conditions') fields.conditions = normaliseConditions(input.conditions);
    else if (name === 'category_id') fields.category_id = input.category_id === null ? null : String(input.category_id);
    else if (name === 'restriction') fields.restriction = normaliseRestriction(input.restriction);
    else fields[name] = input[name];
  }
  return fields;
}

/** Reference §5.1: the API always returns both `all` and `any`. */
function normaliseConditions(conditions: unknown): unknown {
  if (!isObject(conditions)) return conditions;
  return {
    all: Array.isArray(conditions.all) ? conditions.all : [],
    any: Array.isArray(conditions.any) ? conditions.any : [],
  };
}

/** Reference §7.1: group restrictions are echoed as {type, id: ids[0], ids}. */
function normaliseRestriction(restriction: unknown): unknown {
  if (!isObject(restriction) || restriction.type !== 'Group') return restriction;
  const ids = Array.isArray(restriction.ids) ? restriction.ids : restriction.id !== undefined ? [restriction.id] : [];
  return { type: 'Group', id: ids[0] ?? null, ids };
}

function assertValid(spec: RuleKindSpec, candidate: Record<string, unknown>, context: SandboxContext): void {
  const details = validateRule(spec.kind, candidate, referenceLookup(context));
  if (hasDetails(details)) throw recordInvalid(details);
}

/** Reference §5.2/§6/§7.2: synchronous; all ids must exist; returns the updated rules. */
function updateManyHandler(spec: RuleKindSpec, hooks: CrudHooks): RouteHandler {
  return (request, context) => {
    const entries = isObject(request.body) ? request.body[spec.def.plural] : undefined;
    if (!Array.isArray(entries) || !entries.every(isObject)) {
      throw new ApiError(400, { error: 'InvalidValue', description: `Request body must contain a "${spec.def.plural}" list` });
    }
    const changes = entries.map((entry) => {
      const existing = findOr404(spec.def, String(entry.id), context);
      const fields: SandboxRecord = {};
      for (const name of spec.bulkFields) {
        if (entry[name] === undefined) continue;
        fields[name] = name === 'category_id' ? String(entry[name]) : entry[name];
      }
      if (spec.kind === 'trigger' && fields.category_id !== undefined) assertValid(spec, { ...existing, ...fields }, context);
      return { existing, fields };
    });
    const updated = context.store.batch(() =>
      changes.map(({ existing, fields }) => context.store.update(spec.def.collection, existing.id, fields) ?? existing),
    );
    const rendered = updated.map((record) => render(spec.def, record, request, hooks));
    return ok({ [spec.def.plural]: rendered, count: rendered.length, next_page: null, previous_page: null });
  };
}

function destroyManyHandler(spec: RuleKindSpec): RouteHandler {
  return (request, context) => {
    const doomed = idsFromQuery(spec.def, request, context);
    context.store.batch(() => doomed.forEach((record) => context.store.remove(spec.def.collection, record.id)));
    return noContent();
  };
}

/**
 * Reference §5.2: the body must list every trigger id (else 404), and the endpoint refuses
 * accounts with more than one category (LimitOneCategory). The real response body is
 * unconfirmed (§16); the sandbox answers with the triggers in their new order.
 */
const reorderTriggers: RouteHandler = (request, context) => {
  const ids = isObject(request.body) && Array.isArray(request.body.trigger_ids) ? request.body.trigger_ids.map(String) : [];
  const triggers = context.store.list('triggers');
  if (context.store.list('trigger_categories').length > 1) {
    throw errorList(400, 'LimitOneCategory', 'Reordering triggers is not allowed when the account has more than one trigger category');
  }
  const listed = new Set(ids);
  if (listed.size !== triggers.length || triggers.some((trigger) => !listed.has(String(trigger.id)))) throw recordNotFound();
  const reordered = context.store.batch(() =>
    ids.map((id, index) => {
      const trigger = context.store.find('triggers', id) as SandboxRecord;
      return trigger.position === index + 1 ? trigger : (context.store.update('triggers', id, { position: index + 1 }) as SandboxRecord);
    }),
  );
  const rendered = reordered.map((record) => render(RESOURCES.triggers, record, request));
  return ok({ triggers: rendered, count: rendered.length, next_page: null, previous_page: null });
};
