/**
 * Views (reference §13.5, OAS Views): shared ticket lists agents work from, in position
 * order. Conditions are written like triggers'; columns and grouping name fields as rules
 * do (`ticket_field:<title>` for custom fields); restriction names groups, like macros.
 *
 * Zendesk reads and writes views in different shapes (OAS CreateView/UpdateView vs
 * ViewObject): a request sends `all`/`any` and `output {columns: [ids], group_by, …}`;
 * a view comes back with `conditions {all, any}` and `execution {columns: [{id, title}],
 * group {id, order}, sort {id, order}, …}`.
 */
import type { ViewExecution, ViewSpec } from '../core/model.ts';
import type { ReferenceResolver } from './references.ts';
import { flag, id, list, maybe, object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, titleListScopes, type KindDefinition } from './kind.ts';
import { conditionsAnswer, normalizeConditions, nullableString, rawTitle, restrictionAnswer, TITLE_FIELDS } from './rules.ts';

/** A view that names no grouping or sorting: Zendesk's own default order applies. */
const NO_SORT: Pick<ViewExecution, 'group_by' | 'group_order' | 'sort_by' | 'sort_order'> = { group_by: null, group_order: 'asc', sort_by: null, sort_order: 'asc' };

/** A column, or what a view groups or sorts by: a system column's name or a custom field's id (OAS "View columns"). */
const column = id;
const ordering = maybe(object({ id: maybe(column), order: maybe(text) }));
/** `execution` as a view comes back (OAS ViewObject); older answers spell grouping flat (`group_by`, `group_order`). */
const executionAnswer = maybe(
  object({
    columns: maybe(list(object({ id: column }))),
    group: ordering,
    sort: ordering,
    group_by: maybe(column),
    group_order: maybe(text),
    sort_by: maybe(column),
    sort_order: maybe(text),
  }),
);

/** What a view's answer must carry. */
const viewAnswer = object({
  ...LIVE_FIELDS,
  ...TITLE_FIELDS,
  active: maybe(flag),
  description: maybe(text),
  restriction: restrictionAnswer,
  conditions: conditionsAnswer,
  execution: executionAnswer,
});

export const views: KindDefinition<'views', Infer<typeof viewAnswer>> = {
  kind: 'views',
  labels: { one: 'view', many: 'views' },
  config: { in: 'folder', folder: 'views', schema: 'view', orderFile: { shape: 'title-list', why: 'list it where agents should see it: views show in that order' } },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: '# Imported from Zendesk. Agents see views in this order.\n' },
  prune: 'live views config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'raw_title', 'default', 'watchable', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: titleListScopes('views'),
  path: 'views',
  singular: 'view',
  plural: 'views',
  updateMethod: 'PUT',
  reorderVia: 'update_many',
  order: 'global',
  // OAS UpdateManyViews: each view may carry position and active.
  bulkFields: ['active'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  answer: viewAnswer,
  fromFile: (value) => {
    const view = value as Partial<ViewSpec> & { title: string; conditions: { all?: ViewSpec['conditions']['all']; any?: ViewSpec['conditions']['any'] }; execution?: Partial<ViewExecution> };
    return {
      title: view.title,
      active: view.active ?? true,
      description: nullableString(view.description),
      restriction: view.restriction ?? null,
      conditions: normalizeConditions(view.conditions),
      execution: { ...NO_SORT, columns: [], ...view.execution },
    };
  },
  toSpec: (raw, { refs }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    description: nullableString(raw.description),
    restriction: refs.restrictionToNames(raw.restriction),
    conditions: refs.conditionsToNames(normalizeConditions(raw.conditions)),
    execution: executionToNames(raw.execution, refs),
  }),
  toPayload: (spec, { refs }) => {
    const { all, any } = refs.conditionsToIds(spec.conditions);
    const { execution } = spec;
    return {
      title: spec.title,
      active: spec.active,
      description: spec.description ?? '',
      // Omitting restriction leaves it as it was (OAS UpdateView); null opens the view to every agent.
      restriction: refs.restrictionToIds(spec.restriction),
      // A PUT replaces the condition arrays, so both are always sent (OAS UpdateView note).
      all,
      any,
      output: {
        columns: execution.columns.map((column) => columnToId(column, refs)),
        ...(execution.group_by === null ? {} : { group_by: columnToId(execution.group_by, refs), group_order: execution.group_order }),
        ...(execution.sort_by === null ? {} : { sort_by: columnToId(execution.sort_by, refs), sort_order: execution.sort_order }),
      },
    };
  },
  canonical: (spec, { refs }) => ({
    ...spec,
    restriction: refs.canonicalRestriction(spec.restriction),
    conditions: refs.canonicalConditions(spec.conditions),
    execution: {
      ...spec.execution,
      columns: spec.execution.columns.map((column) => canonicalColumn(column, refs)),
      group_by: spec.execution.group_by === null ? null : canonicalColumn(spec.execution.group_by, refs),
      sort_by: spec.execution.sort_by === null ? null : canonicalColumn(spec.execution.sort_by, refs),
    },
  }),
};

function executionToNames(execution: Infer<typeof executionAnswer>, refs: ReferenceResolver): ViewExecution {
  const groupBy = execution?.group_by ?? execution?.group?.id;
  const sortBy = execution?.sort_by ?? execution?.sort?.id;
  return {
    columns: (execution?.columns ?? []).map((column) => columnToName(column.id, refs)),
    group_by: groupBy === undefined || groupBy === null ? null : columnToName(groupBy, refs),
    group_order: order(execution?.group_order ?? execution?.group?.order),
    sort_by: sortBy === undefined || sortBy === null ? null : columnToName(sortBy, refs),
    sort_order: order(execution?.sort_order ?? execution?.sort?.order),
  };
}

function order(value: unknown): 'asc' | 'desc' {
  return value === 'desc' ? 'desc' : 'asc';
}

/**
 * A column is a system column name (`status`, `requester`) or a custom field's id
 * (OAS "View columns": "For custom fields, specify the id of the custom field"). The
 * id goes through the resolver as the condition field `custom_fields_<id>` a rule
 * would hold, so a column names a field exactly as a trigger condition does.
 */
function columnToName(id: number | string, refs: ReferenceResolver): string {
  if (typeof id === 'number' || /^\d+$/.test(String(id))) {
    return refs.conditionsToNames({ all: [{ field: `custom_fields_${String(id)}`, operator: 'is' }], any: [] }).all[0].field;
  }
  return String(id);
}

function columnToId(column: string, refs: ReferenceResolver): string | number {
  const field = refs.conditionsToIds({ all: [{ field: column, operator: 'is' }], any: [] }).all[0].field;
  const custom = /^custom_fields_(\d+)$/.exec(field);
  return custom ? Number(custom[1]) : field;
}

/** As live would show it; a field that does not resolve is kept as written (validation says why). */
function canonicalColumn(column: string, refs: ReferenceResolver): string {
  return refs.canonicalConditions({ all: [{ field: column, operator: 'is' }], any: [] }).all[0].field;
}
