/**
 * Ticket forms (OAS Ticket Forms): list, show, create, update, delete, and
 * `PUT /ticket_forms/reorder` with `ticket_form_ids` (OAS ReorderTicketForms).
 * A form's fields, conditions' fields and brands must exist (Zendesk answers 422);
 * one form is the account's default, and it cannot be deleted.
 */
import { ApiError, isObject, ok, recordInvalid, recordNotFound, type RouteHandler, type SandboxContext } from '../http.ts';
import { BY_POSITION, sortRecords } from '../pagination.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, type CrudHooks } from './crud.ts';

const FLAGS = ['active', 'default', 'end_user_visible', 'in_all_brands'] as const;

export function ticketFormRoutes(): Route[] {
  const hooks: CrudHooks = {
    create: (input, _request, context) => {
      if (typeof input.name !== 'string' || input.name.trim() === '') throw invalid('name', 'Name: cannot be blank');
      const fields: SandboxRecord = {
        display_name: input.name,
        raw_display_name: input.name,
        active: true,
        default: false,
        end_user_visible: true,
        in_all_brands: true,
        restricted_brand_ids: [],
        ticket_field_ids: [],
        agent_conditions: [],
        end_user_conditions: [],
        ...writable(input, context),
      };
      if (fields.default === true) clearDefault(context);
      return fields;
    },
    update: (existing, input, _request, context) => {
      const fields = writable(input, context);
      if (fields.default === true && existing.default !== true) clearDefault(context);
      return fields;
    },
    beforeDelete: (existing) => {
      if (existing.default === true) throw new ApiError(422, { error: 'RecordInvalid', description: 'The default ticket form cannot be deleted' });
    },
  };
  return [...crudRoutes(RESOURCES.ticketForms, { hooks }), { method: 'PUT', pattern: 'ticket_forms/reorder', handler: reorder }];
}

function writable(input: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  const fields: SandboxRecord = {};
  if (typeof input.name === 'string') Object.assign(fields, { name: input.name, raw_name: input.name });
  if (typeof input.display_name === 'string') Object.assign(fields, { display_name: input.display_name, raw_display_name: input.display_name });
  for (const flag of FLAGS) if (typeof input[flag] === 'boolean') fields[flag] = input[flag];
  if (input.ticket_field_ids !== undefined) fields.ticket_field_ids = idsOf(input.ticket_field_ids, 'ticket_fields', 'ticket_field_ids', context);
  if (input.restricted_brand_ids !== undefined) fields.restricted_brand_ids = idsOf(input.restricted_brand_ids, 'brands', 'restricted_brand_ids', context);
  for (const key of ['agent_conditions', 'end_user_conditions'] as const) {
    if (input[key] !== undefined) fields[key] = conditions(input[key], key, context);
  }
  return fields;
}

function idsOf(value: unknown, collection: 'ticket_fields' | 'brands', field: string, context: SandboxContext): number[] {
  if (!Array.isArray(value)) throw invalid(field, `${field}: must be a list`);
  return value.map((id) => {
    if (!context.store.find(collection, id)) throw invalid(field, `${field}: ${String(id)} does not exist`);
    return Number(id);
  });
}

function conditions(value: unknown, key: string, context: SandboxContext): SandboxRecord[] {
  if (!Array.isArray(value) || !value.every(isObject)) throw invalid(key, `${key}: must be a list of condition sets`);
  return value.map((condition) => {
    const [parent] = idsOf([condition.parent_field_id], 'ticket_fields', key, context);
    const children = Array.isArray(condition.child_fields) ? condition.child_fields.filter(isObject) : [];
    return {
      parent_field_id: parent,
      value: condition.value,
      child_fields: children.map((child) => ({
        id: idsOf([child.id], 'ticket_fields', key, context)[0],
        is_required: child.is_required === true,
        // Agent conditions only (OAS TicketFormObject example); kept as sent, so a form read back says what was written.
        ...(key === 'agent_conditions' && isObject(child.required_on_statuses) ? { required_on_statuses: child.required_on_statuses } : {}),
      })),
    };
  });
}

function clearDefault(context: SandboxContext): void {
  for (const form of context.store.list('ticket_forms')) if (form.default === true) context.store.update('ticket_forms', form.id, { default: false });
}

/** Listed forms take positions 1…n in the given order; unlisted ones keep their order after them. */
const reorder: RouteHandler = (request, context) => {
  const ids = isObject(request.body) && Array.isArray(request.body.ticket_form_ids) ? request.body.ticket_form_ids.map(String) : [];
  const listed = ids.map((id) => {
    const form = context.store.find('ticket_forms', id);
    if (!form) throw recordNotFound();
    return form;
  });
  const rest = sortRecords(context.store.list('ticket_forms'), BY_POSITION).filter((form) => !listed.includes(form));
  context.store.batch(() =>
    [...listed, ...rest].forEach((form, index) => {
      if (form.position !== index + 1) context.store.update('ticket_forms', form.id, { position: index + 1 });
    }),
  );
  // OAS ReorderTicketForms answers with the forms (TicketFormsResponse).
  return ok({ ticket_forms: sortRecords(context.store.list('ticket_forms'), BY_POSITION) });
};

function invalid(field: string, description: string): ApiError {
  return recordInvalid({ [field]: [{ description, error: 'InvalidValue' }] });
}
