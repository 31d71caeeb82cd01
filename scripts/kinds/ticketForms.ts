/**
 * Ticket forms (OAS Ticket Forms, TicketFormObject): which fields agents and end users
 * see, in order, named by title (Zendesk's own fields too: Subject, Description); the
 * brands a form is restricted to, by name, or `all` (`in_all_brands`); and conditional
 * fields, each naming its parent field by title and the value that shows its children
 * (a drop-down option by name, true/false for a checkbox; Zendesk stores the option's tag).
 *
 * Forms are ordered (`position`); a new order is sent as every id to
 * `PUT /ticket_forms/reorder` (OAS ReorderTicketForms, `ticket_form_ids`). Rules and SLA
 * filters name forms (`ticket_form_id`), so forms are written before them and feed the
 * lookup they resolve through.
 *
 * Brands: `in_all_brands` is writable (OAS TicketFormObject, developer.zendesk.com Ticket
 * Forms JSON format); `restricted_brand_ids` is marked readOnly there, yet it is the only
 * field that says which brands. It is sent, and the sandbox takes it; unverified against
 * a real account (the brand's own `ticket_form_ids` is readOnly too, OAS BrandObject).
 */
import type { ChildRequirement, DesiredObject, Diagnostic, Lookups, NamedRecord, PathSegment, TicketFormCondition, TicketFormSpec } from '../core/model.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import { unresolvedText } from '../core/nameRefs.ts';
import { flag, id, list, maybe, object, text, type Infer, type Shape } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, titleListScopes, type KindDefinition } from './kind.ts';
import { ReferenceResolver, UnresolvedReferenceError } from './references.ts';
import { plannedRecords } from './planned.ts';
import { nullableString } from './rules.ts';

/**
 * When an agent condition's child field is required (ticket forms API, OAS TicketFormObject
 * example): ALL_STATUSES, NO_STATUSES, or SOME_STATUSES with `statuses` and/or
 * `custom_statuses` (ids). Absent on end-user conditions and on older agent conditions,
 * where `is_required` alone decides.
 */
const statusRequirementAnswer = object({ type: text, statuses: maybe(list(text)), custom_statuses: maybe(list(id)) });
const childAnswer = object({ id, is_required: maybe(flag), required_on_statuses: maybe(statusRequirementAnswer) });
/** A checkbox parent's value is a boolean, a drop-down's its option tag (OAS example `matching_value`). */
const flagOrText: Shape<string | boolean> = {
  expected: 'a string or true/false',
  misfit: (value, path) => (typeof value === 'boolean' || typeof value === 'string' ? null : { path, found: typeof value, expected: 'a string or true/false' }),
};
const conditionAnswer = object({ parent_field_id: id, value: maybe(flagOrText), child_fields: maybe(list(childAnswer)) });

const ticketFormAnswer = object({
  ...LIVE_FIELDS,
  name: text,
  raw_name: maybe(text),
  display_name: maybe(text),
  raw_display_name: maybe(text),
  active: maybe(flag),
  default: maybe(flag),
  end_user_visible: maybe(flag),
  in_all_brands: maybe(flag),
  restricted_brand_ids: maybe(list(id)),
  ticket_field_ids: maybe(list(id)),
  agent_conditions: maybe(list(conditionAnswer)),
  end_user_conditions: maybe(list(conditionAnswer)),
});

type ConditionAnswer = Infer<typeof conditionAnswer>;
type ChildAnswer = Infer<typeof childAnswer>;
type Audience = 'agent_conditions' | 'end_user_conditions';

export const ticketForms: KindDefinition<'ticket_forms', Infer<typeof ticketFormAnswer>> = {
  kind: 'ticket_forms',
  labels: { one: 'ticket form', many: 'ticket forms' },
  config: { in: 'folder', folder: 'ticket_forms', schema: 'ticket_form', orderFile: { shape: 'title-list', why: 'list it where agents should pick it: forms show in that order' } },
  keyField: 'name',
  renameField: 'previous_name',
  importFile: { header: '# Imported from Zendesk. Agents and end users see ticket forms in this order.\n' },
  prune: 'live ticket forms config/ does not declare are deleted, after the rules that name them',
  serverOwned: ['id', 'url', 'position', 'raw_name', 'raw_display_name', 'created_at', 'updated_at', 'deleted_at'],
  apply: 'referenced',
  answer: ticketFormAnswer,
  feeds: { lookup: 'ticketForms', planned: plannedTicketForms },
  orderScopes: titleListScopes('ticket_forms'),
  path: 'ticket_forms',
  singular: 'ticket_form',
  plural: 'ticket_forms',
  updateMethod: 'PUT',
  reorderVia: 'reorder-ids',
  order: 'global',
  bulkDelete: false,
  keyOf: (spec) => spec.name,
  fromFile: (value) => {
    const form = value as Partial<TicketFormSpec> & { name: string };
    return {
      name: form.name,
      display_name: nullableString(form.display_name),
      active: form.active ?? true,
      default: form.default ?? false,
      end_user_visible: form.end_user_visible ?? true,
      ticket_fields: form.ticket_fields ?? [],
      restricted_brands: form.restricted_brands ?? 'all',
      agent_conditions: (form.agent_conditions ?? []).map(conditionFromFile),
      end_user_conditions: (form.end_user_conditions ?? []).map(conditionFromFile),
    };
  },
  toSpec: (raw, { refs }) => ({
    name: raw.raw_name ?? raw.name,
    display_name: displayName(raw.raw_name ?? raw.name, raw.raw_display_name ?? raw.display_name),
    active: raw.active !== false,
    default: raw.default === true,
    end_user_visible: raw.end_user_visible !== false,
    ticket_fields: (raw.ticket_field_ids ?? []).map((fieldId) => refs.formFieldName(fieldId)),
    restricted_brands: raw.in_all_brands !== false ? 'all' : (raw.restricted_brand_ids ?? []).map((brand) => refs.nameOf('brands', brand)).sort(),
    agent_conditions: (raw.agent_conditions ?? []).map((c) => conditionToNames(c, refs)),
    end_user_conditions: (raw.end_user_conditions ?? []).map((c) => conditionToNames(c, refs)),
  }),
  toPayload: (spec, { refs }) => ({
    name: spec.name,
    display_name: spec.display_name ?? spec.name,
    active: spec.active,
    default: spec.default,
    end_user_visible: spec.end_user_visible,
    ticket_field_ids: spec.ticket_fields.map((title) => fieldId(title, refs)),
    in_all_brands: spec.restricted_brands === 'all',
    restricted_brand_ids: spec.restricted_brands === 'all' ? [] : spec.restricted_brands.map((brand) => Number(refs.idOf('brands', brand))),
    agent_conditions: spec.agent_conditions.map((c) => conditionToIds(c, refs, 'agent_conditions')),
    end_user_conditions: spec.end_user_conditions.map((c) => conditionToIds(c, refs, 'end_user_conditions')),
  }),
  checks: { online: referenceProblems },
  canonical: (spec) => ({
    ...spec,
    display_name: displayName(spec.name, spec.display_name),
    restricted_brands: spec.restricted_brands === 'all' ? 'all' : [...spec.restricted_brands].sort(),
    agent_conditions: spec.agent_conditions.map(canonicalCondition),
    end_user_conditions: spec.end_user_conditions.map(canonicalCondition),
  }),
};

/** What end users see, null when it is the name (a form created without one shows its name). */
function displayName(name: string, shown: string | null | undefined): string | null {
  const text = nullableString(shown);
  return text === name ? null : text;
}

function conditionFromFile(condition: Partial<TicketFormCondition> & { parent_field: string }): TicketFormCondition {
  return {
    parent_field: condition.parent_field,
    value: condition.value ?? true,
    child_fields: (condition.child_fields ?? []).map((child) => ({ field: child.field, required: requirementFromFile(child.required) })),
  };
}

function requirementFromFile(required: Partial<Exclude<ChildRequirement, boolean>> | boolean | undefined): ChildRequirement {
  if (required === undefined || typeof required === 'boolean') return required ?? false;
  return { statuses: required.statuses ?? [], custom_statuses: required.custom_statuses ?? [] };
}

/** Status lists compare as sets: Zendesk keeps them in no documented order. */
function canonicalCondition(condition: TicketFormCondition): TicketFormCondition {
  return {
    ...condition,
    child_fields: condition.child_fields.map((child) => (typeof child.required === 'boolean'
      ? child
      : { ...child, required: { statuses: [...child.required.statuses].sort(), custom_statuses: [...child.required.custom_statuses].sort() } })),
  };
}

function conditionToNames(condition: ConditionAnswer, refs: ReferenceResolver): TicketFormCondition {
  const parent = refs.resolveFormField(refs.formFieldName(condition.parent_field_id));
  const value = condition.value ?? true;
  const option = typeof value === 'string' ? parent.field?.options.find((o) => o.value === value) : undefined;
  return {
    parent_field: refs.formFieldName(condition.parent_field_id),
    value: option?.name ?? value,
    child_fields: (condition.child_fields ?? []).map((child) => ({ field: refs.formFieldName(child.id), required: requirementToNames(child, refs) })),
  };
}

/**
 * ALL_STATUSES and NO_STATUSES read back as true and false; an unknown type keeps what
 * `is_required` says, so a requirement this tool cannot express is at worst widened to all
 * statuses on the next update, never silently dropped.
 */
function requirementToNames(child: ChildAnswer, refs: ReferenceResolver): ChildRequirement {
  const on = child.required_on_statuses;
  if (!on || on.type === 'ALL_STATUSES' || on.type === 'NO_STATUSES') return on ? on.type === 'ALL_STATUSES' : child.is_required === true;
  if (on.type !== 'SOME_STATUSES') return child.is_required === true;
  return { statuses: [...(on.statuses ?? [])], custom_statuses: (on.custom_statuses ?? []).map((status) => refs.nameOf('customStatuses', status)) };
}

function conditionToIds(condition: TicketFormCondition, refs: ReferenceResolver, audience: Audience): Record<string, unknown> {
  const parent = refs.resolveFormField(condition.parent_field);
  const option = typeof condition.value === 'string' ? parent.field?.options.find((o) => o.name === condition.value) : undefined;
  return {
    parent_field_id: fieldId(condition.parent_field, refs),
    value: option?.value ?? condition.value,
    child_fields: condition.child_fields.map((child) => ({ id: fieldId(child.field, refs), ...requirementToIds(child.required, refs, audience) })),
  };
}

/**
 * End-user conditions have `is_required` only. Agent conditions always say which statuses,
 * so a form whose field was required on some statuses becomes required on all (or none)
 * when config/ says true (or false): `is_required` alone would leave the old list in place.
 */
function requirementToIds(required: ChildRequirement, refs: ReferenceResolver, audience: Audience): Record<string, unknown> {
  if (audience === 'end_user_conditions') return { is_required: required !== false };
  if (typeof required === 'boolean') return { is_required: required, required_on_statuses: { type: required ? 'ALL_STATUSES' : 'NO_STATUSES' } };
  return {
    is_required: true,
    required_on_statuses: {
      type: 'SOME_STATUSES',
      statuses: required.statuses,
      custom_statuses: required.custom_statuses.map((label) => Number(refs.idOf('customStatuses', label))),
    },
  };
}

function fieldId(title: string, refs: ReferenceResolver): number {
  const resolution = refs.resolveFormField(title);
  if (!resolution.ok) throw new UnresolvedReferenceError('ticket field', title);
  return Number(resolution.id);
}

/** The forms as they will be once apply has written config/'s: rules may name a form the same plan creates or renames. */
function plannedTicketForms(lookups: Lookups, declared: readonly DesiredObject<'ticket_forms'>[]): Lookups {
  const ticketForms = plannedRecords(lookups.ticketForms, declared, {
    keyOf: (form) => form.name,
    toRecord: (object, live, ordinal): NamedRecord => ({ id: live?.id ?? -ordinal, name: object.key, active: object.spec.active }),
  });
  return { ...lookups, ticketForms };
}

/**
 * Every field a form names (its list, each condition's parent and children) and every
 * brand, checked against the account as apply will leave it (validate hands over the
 * planned lookups), and a drop-down parent's value against its options, at file:line.
 */
function referenceProblems(object: DesiredObject<'ticket_forms'>, lookups: Lookups): Diagnostic[] {
  const refs = new ReferenceResolver(lookups);
  const problems: Diagnostic[] = [];
  const field = (title: string, path: PathSegment[]) => {
    const resolution = refs.resolveFormField(title);
    if (!resolution.ok) {
      const text = unresolvedText('ticket field', title, resolution);
      problems.push(at(object, path, text.message, text.hint ?? 'name a ticket field by its title, as agents see it (Subject, Description, or a custom field)'));
    }
    return resolution.ok ? resolution.field : undefined;
  };
  object.spec.ticket_fields.forEach((title, index) => field(title, ['ticket_fields', index]));
  if (object.spec.restricted_brands !== 'all') {
    object.spec.restricted_brands.forEach((brand, index) => {
      const resolution = refs.resolve('brands', brand);
      if (!resolution.ok) {
        const text = unresolvedText('brand', brand, resolution);
        problems.push(at(object, ['restricted_brands', index], text.message, text.hint ?? 'name a brand of the account, or write restricted_brands: all'));
      }
    });
  }
  for (const key of ['agent_conditions', 'end_user_conditions'] as const) {
    object.spec[key].forEach((condition, index) => {
      const parent = field(condition.parent_field, [key, index, 'parent_field']);
      const options = parent?.options ?? [];
      if (typeof condition.value === 'string' && options.length > 0 && !options.some((o) => o.name === condition.value)) {
        problems.push(at(object, [key, index, 'value'], `'${condition.value}' is not an option of ${condition.parent_field}`, `its options: ${options.map((o) => o.name).join(', ')}`));
      }
      condition.child_fields.forEach((child, childIndex) => {
        field(child.field, [key, index, 'child_fields', childIndex, 'field']);
        if (typeof child.required !== 'boolean') {
          child.required.custom_statuses.forEach((label, statusIndex) => {
            const resolution = refs.resolve('customStatuses', label);
            if (!resolution.ok) {
              const text = unresolvedText('custom status', label, resolution);
              problems.push(at(object, [key, index, 'child_fields', childIndex, 'required', 'custom_statuses', statusIndex], text.message, text.hint ?? 'name a custom status by its agent label'));
            }
          });
        }
        if (!object.spec.ticket_fields.includes(child.field)) {
          problems.push(at(object, [key, index, 'child_fields', childIndex, 'field'], `'${child.field}' is not one of the form's ticket_fields`, 'a conditional field must be on the form: list it under ticket_fields'));
        }
      });
    });
  }
  return problems;
}

function at(object: DesiredObject<'ticket_forms'>, path: PathSegment[], message: string, hint: string): Diagnostic {
  const position = object.locate(path);
  return { severity: 'error', file: position.file, line: position.line, col: position.col, field: formatFieldPath(path), message, hint };
}
