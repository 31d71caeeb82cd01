/**
 * Ticket fields (reference §13.2, OAS Ticket Fields): listed with the system fields
 * first, as Zendesk lists them; custom fields can be created, updated and deleted.
 *
 * Options (`custom_field_options`) are sent whole, each `{name, value}` (OAS
 * UpdateTicketField): an option whose value (its tag) the field already has keeps its
 * id and takes the new name and place; a new value is a new option; an option left out
 * is removed. Two options may not share a value (422). The type is set on creation
 * only ("Editable for custom field types and only on creation"), and system fields
 * (`removable: false`) cannot be deleted.
 */
import { ApiError, isObject, recordInvalid, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, titledFields, type CrudHooks } from './crud.ts';

const CUSTOM_TYPES = new Set(['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'partialcreditcard', 'multiselect', 'tagger', 'lookup']);
const OPTION_TYPES = new Set(['tagger', 'multiselect']);
const FLAGS = ['required', 'required_in_portal', 'visible_in_portal', 'editable_in_portal', 'collapsed_for_agents'] as const;

export function ticketFieldRoutes(): Route[] {
  const hooks: CrudHooks = {
    create: (input, _request, context) => {
      const type = String(input.type ?? '');
      if (typeof input.title !== 'string' || input.title.trim() === '') throw invalid('title', 'Title: cannot be blank', 'BlankValue');
      if (!CUSTOM_TYPES.has(type)) throw invalid('type', `Type: is invalid (${type})`, 'InvalidValue');
      const fields: SandboxRecord = {
        type,
        description: '',
        raw_description: '',
        agent_description: '',
        active: true,
        required: false,
        required_in_portal: false,
        visible_in_portal: false,
        editable_in_portal: false,
        collapsed_for_agents: false,
        regexp_for_validation: null,
        tag: null,
        removable: true,
        sub_type_id: 0,
        ...writable(input, type, [], context),
      };
      if (OPTION_TYPES.has(type) && !(Array.isArray(fields.custom_field_options) && fields.custom_field_options.length > 0)) {
        throw invalid('custom_field_options', 'Field options: must have at least one option', 'InvalidValue');
      }
      if (type === 'regexp' && !fields.regexp_for_validation) throw invalid('regexp_for_validation', 'Regexp for validation: cannot be blank', 'BlankValue');
      return fields;
    },
    update: (existing, input, _request, context) => {
      if (existing.removable === false && input.custom_field_options !== undefined) {
        throw invalid('custom_field_options', 'Field options: cannot be changed on a system field', 'InvalidValue');
      }
      if (input.type !== undefined && input.type !== existing.type) throw invalid('type', 'Type: cannot be changed', 'InvalidValue');
      const current = Array.isArray(existing.custom_field_options) ? existing.custom_field_options.filter(isObject) : [];
      return writable(input, String(existing.type), current, context);
    },
    beforeDelete: (existing) => {
      if (existing.removable === false) throw new ApiError(403, { error: 'Forbidden', description: 'System ticket fields cannot be deleted' });
    },
  };
  return crudRoutes(RESOURCES.ticketFields, { hooks });
}

function writable(input: Record<string, unknown>, type: string, current: SandboxRecord[], context: SandboxContext): SandboxRecord {
  const fields = titledFields(input);
  if (input.title !== undefined) {
    fields.title_in_portal = input.title;
    fields.raw_title_in_portal = input.title;
  }
  if (input.description !== undefined) {
    fields.description = input.description ?? '';
    fields.raw_description = input.description ?? '';
  }
  for (const flag of FLAGS) if (typeof input[flag] === 'boolean') fields[flag] = input[flag];
  if (input.regexp_for_validation !== undefined) fields.regexp_for_validation = input.regexp_for_validation;
  if (input.tag !== undefined) fields.tag = input.tag === '' ? null : input.tag;
  if (input.custom_field_options !== undefined && OPTION_TYPES.has(type)) fields.custom_field_options = options(input.custom_field_options, current, context);
  return fields;
}

/** The options as sent, in that order; a value the field has keeps its option's id. */
function options(sent: unknown, current: SandboxRecord[], context: SandboxContext): SandboxRecord[] {
  if (!Array.isArray(sent) || !sent.every(isObject)) throw invalid('custom_field_options', 'Field options: must be a list', 'InvalidValue');
  const seen = new Set<string>();
  return sent.map((option) => {
    const name = typeof option.name === 'string' ? option.name.trim() : '';
    const value = typeof option.value === 'string' ? option.value.trim() : '';
    if (name === '' || value === '') throw invalid('custom_field_options', 'Field options: name and value cannot be blank', 'BlankValue');
    if (/\s/.test(value)) throw invalid('custom_field_options', `Field options: tag "${value}" cannot contain spaces`, 'InvalidValue');
    if (seen.has(value)) throw invalid('custom_field_options', `Field options: tag "${value}" is used more than once`, 'DuplicateValue');
    seen.add(value);
    const known = current.find((o) => o.value === value);
    return { id: known?.id ?? context.store.nestedId(), name, raw_name: name, value, default: known?.default ?? false };
  });
}

function invalid(field: string, description: string, error: string): ApiError {
  return recordInvalid({ [field]: [{ description, error }] });
}
