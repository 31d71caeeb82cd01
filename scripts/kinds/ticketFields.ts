/**
 * Custom ticket fields (reference §13.2, OAS Ticket Fields). Zendesk's own fields
 * (subject, status, priority, …: `removable: false`) are read-only lookups and never
 * managed; neither are lookup relationship fields, whose filters name custom objects.
 *
 * Options of drop-down (`tagger`) and multi-select fields are keyed by their tag, the
 * value tickets and rules store: an update sends every option as `{name, value}` in
 * display order (OAS UpdateTicketField: "you must specify all existing options …
 * Omitting an option removes it"), so a renamed option keeps its tag and its tickets,
 * a new tag is a new option and a tag left out is removed. A tag is never changed by
 * renaming: a diff shows the name, and the tag stays what config/ says.
 */
import type { DesiredObject, Diagnostic, Lookups, PathSegment, TicketFieldOption, TicketFieldRecord, TicketFieldSpec } from '../core/model.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import { flag, integer, list, maybe, object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type KindDefinition } from './kind.ts';
import { plannedRecords } from './planned.ts';
import { nullableString, rawTitle } from './rules.ts';

/** Custom field types config/ manages (§13.2); `lookup` fields are left alone. */
export const TICKET_FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'partialcreditcard', 'tagger', 'multiselect'] as const;
const MANAGED_TYPES: ReadonlySet<string> = new Set(TICKET_FIELD_TYPES);
/** Types whose values are options (§13.2: `custom_field_options` "Required and presented" for these). */
const OPTION_TYPES: ReadonlySet<string> = new Set(['tagger', 'multiselect']);

const optionAnswer = object({ id: integer, name: text, raw_name: maybe(text), value: text });
const ticketFieldAnswer = object({
  ...LIVE_FIELDS,
  title: text,
  raw_title: maybe(text),
  type: text,
  description: maybe(text),
  raw_description: maybe(text),
  active: maybe(flag),
  removable: maybe(flag),
  required: maybe(flag),
  visible_in_portal: maybe(flag),
  editable_in_portal: maybe(flag),
  required_in_portal: maybe(flag),
  regexp_for_validation: maybe(text),
  tag: maybe(text),
  custom_field_options: maybe(list(optionAnswer)),
});

export const ticketFields: KindDefinition<'ticket_fields', Infer<typeof ticketFieldAnswer>> = {
  kind: 'ticket_fields',
  labels: { one: 'ticket field', many: 'ticket fields' },
  config: { in: 'folder', folder: 'ticket_fields', schema: 'ticket_field', orderFile: null },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: null },
  prune: 'live custom ticket fields config/ does not declare are deleted, after the rules that use them (with every value tickets hold in them)',
  // Positions belong to ticket forms on accounts that have them (OAS TicketFieldObject `position`).
  serverOwned: ['id', 'url', 'position', 'raw_title', 'raw_description', 'removable', 'agent_can_edit', 'created_at', 'updated_at'],
  apply: 'referenced',
  answer: ticketFieldAnswer,
  manages: (raw) => raw.removable !== false && MANAGED_TYPES.has(raw.type),
  feeds: { lookup: 'ticketFields', planned: plannedTicketFields },
  orderScopes: () => [],
  path: 'ticket_fields',
  singular: 'ticket_field',
  plural: 'ticket_fields',
  updateMethod: 'PUT',
  reorderVia: null,
  order: 'none',
  bulkDelete: false,
  keyOf: (spec) => spec.title,
  fromFile: (value) => {
    const field = value as Partial<TicketFieldSpec> & { title: string; type: string };
    const spec: TicketFieldSpec = {
      title: field.title,
      type: field.type,
      description: nullableString(field.description),
      active: field.active ?? true,
      required: field.required ?? false,
      visible_in_portal: field.visible_in_portal ?? false,
      editable_in_portal: field.editable_in_portal ?? false,
      required_in_portal: field.required_in_portal ?? false,
    };
    // As written, even where the type takes none: validate says so (typeProblems) rather than dropping it unseen.
    if (field.regexp_for_validation !== undefined) spec.regexp_for_validation = field.regexp_for_validation;
    if (field.tag !== undefined) spec.tag = field.tag;
    if (field.options !== undefined || OPTION_TYPES.has(field.type)) spec.options = (field.options ?? []).map((o) => ({ name: o.name, tag: o.tag }));
    return spec;
  },
  toSpec: (raw) =>
    typed(raw.type, {
      title: rawTitle(raw),
      type: raw.type,
      description: nullableString(raw.raw_description ?? raw.description),
      active: raw.active !== false,
      required: raw.required === true,
      visible_in_portal: raw.visible_in_portal === true,
      editable_in_portal: raw.editable_in_portal === true,
      required_in_portal: raw.required_in_portal === true,
    }, {
      regexp: raw.regexp_for_validation,
      tag: raw.tag,
      options: (raw.custom_field_options ?? []).map((o) => ({ name: o.raw_name ?? o.name, tag: o.value })),
    }),
  toPayload: (spec) => ({
    title: spec.title,
    type: spec.type,
    description: spec.description ?? '',
    active: spec.active,
    required: spec.required,
    visible_in_portal: spec.visible_in_portal,
    editable_in_portal: spec.editable_in_portal,
    required_in_portal: spec.required_in_portal,
    ...(spec.regexp_for_validation === undefined ? {} : { regexp_for_validation: spec.regexp_for_validation }),
    ...(spec.type === 'checkbox' ? { tag: spec.tag ?? null } : {}),
    // Every option, in display order, by tag (OAS UpdateTicketField); Zendesk keeps the option of a tag it knows.
    ...(spec.options === undefined ? {} : { custom_field_options: spec.options.map((o) => ({ name: o.name, value: o.tag })) }),
  }),
  checks: { offline: typeProblems },
};

/** The parts only some types take, present only for them, so a file that leaves them out diffs like live. */
function typed(type: string, common: TicketFieldSpec, parts: { regexp?: string | null; tag?: string | null; options?: TicketFieldOption[] | null }): TicketFieldSpec {
  const spec: TicketFieldSpec = { ...common };
  if (type === 'regexp' && parts.regexp) spec.regexp_for_validation = parts.regexp;
  if (type === 'checkbox' && parts.tag) spec.tag = parts.tag;
  if (OPTION_TYPES.has(type)) spec.options = (parts.options ?? []).map((o) => ({ name: o.name, tag: o.tag }));
  return spec;
}

/**
 * What only some types take, where the type takes it (Zendesk ignores it elsewhere, so a
 * plan would never settle); options for drop-down and multi-select fields, each tag once
 * (Zendesk answers 422 otherwise), a pattern for regexp fields.
 */
function typeProblems(object: DesiredObject<'ticket_fields'>): Diagnostic[] {
  const { type } = object.spec;
  const misplaced = (
    [['options', OPTION_TYPES.has(type), 'tagger and multiselect'], ['regexp_for_validation', type === 'regexp', 'regexp'], ['tag', type === 'checkbox', 'checkbox']] as const
  ).filter(([key, allowed]) => !allowed && object.spec[key] !== undefined)
    .map(([key, , types]) => at(object, [key], `a ${type} field takes no ${key}`, `only ${types} fields do`));
  if (type === 'regexp' && object.spec.regexp_for_validation === undefined) {
    misplaced.push(at(object, ['type'], 'a regexp field needs regexp_for_validation', 'the pattern a value must match, e.g. regexp_for_validation: "^[A-Z]{2}\\d{6}$"'));
  }
  if (!OPTION_TYPES.has(type)) return misplaced;
  const options = object.spec.options ?? [];
  if (options.length === 0) {
    return [...misplaced, at(object, ['options'], `a ${type} field needs at least one option`, 'list them under options: [{ name: …, tag: … }], in the order agents see them')];
  }
  const seen = new Map<string, number>();
  return [...misplaced, ...options.flatMap((option, index) => {
    const first = seen.get(option.tag);
    seen.set(option.tag, first ?? index);
    return first === undefined ? [] : [at(object, ['options', index, 'tag'], `tag '${option.tag}' is used by option ${String(first + 1)} too`, 'a tag identifies its option: give each option its own tag')];
  })];
}

function at(object: DesiredObject<'ticket_fields'>, path: PathSegment[], message: string, hint: string): Diagnostic {
  const position = object.locate(path);
  return { severity: 'error', file: position.file, line: position.line, col: position.col, field: formatFieldPath(path), message, hint };
}

/**
 * The account's ticket fields as they will be once apply has written config/'s: a new
 * field is there (with an id no live object has), and a field config/ renames or gives
 * other options has its new title and options, so rules can name them in the same plan.
 */
function plannedTicketFields(lookups: Lookups, declared: readonly DesiredObject<'ticket_fields'>[]): Lookups {
  const ticketFields = plannedRecords(lookups.ticketFields, declared, {
    // A shared title is left as it is: validate names it, and rules write `[inactive]` or `[id:…]`.
    keyOf: (field) => (MANAGED_TYPES.has(field.type) ? field.title : null),
    toRecord: (object, live, ordinal): TicketFieldRecord => {
      const options = (object.spec.options ?? []).map((o, index) => {
        const known = live?.options.find((option) => option.value === o.tag);
        return { id: known?.id ?? -(ordinal * 1000 + index + 1), name: o.name, value: o.tag };
      });
      return { id: live?.id ?? -ordinal, title: object.key, type: object.spec.type, options, active: object.spec.active };
    },
  });
  return { ...lookups, ticketFields };
}
