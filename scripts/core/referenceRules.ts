/**
 * Which condition/action values name another Zendesk object, as one table
 * (Salto keeps its reference rules as data too). Validation uses it to check
 * that names exist; references.ts uses it to turn names into ids and back.
 * Field names and special values follow ../shared/reference/zendesk-api.md §5.1, §7.1.
 */
import type { NamedLookupKind } from './model.ts';

export interface ValueReference {
  lookup: NamedLookupKind;
  /** For array values (notifications): which element is the reference. Absent: the whole value. */
  index?: number;
  /** Values Zendesk gives a meaning of their own; they pass through unresolved. */
  specials: readonly string[];
}

const USER_SPECIALS = ['', 'current_user', 'requester_id', 'assignee_id', 'submitter_id', 'all_agents', 'requester_and_ccs'] as const;

export const REFERENCE_RULES: Readonly<Record<string, ValueReference>> = {
  group_id: { lookup: 'groups', specials: ['', 'current_groups'] },
  assignee_id: { lookup: 'users', specials: USER_SPECIALS },
  requester_id: { lookup: 'users', specials: USER_SPECIALS },
  submitter_id: { lookup: 'users', specials: USER_SPECIALS },
  brand_id: { lookup: 'brands', specials: [''] },
  ticket_form_id: { lookup: 'ticketForms', specials: [''] },
  custom_status_id: { lookup: 'customStatuses', specials: [''] },
  schedule_id: { lookup: 'schedules', specials: [''] },
  set_schedule: { lookup: 'schedules', specials: [''] },
  notification_webhook: { lookup: 'webhooks', index: 0, specials: [] },
  notification_group: { lookup: 'groups', index: 0, specials: ['group_id'] },
  notification_user: { lookup: 'users', index: 0, specials: USER_SPECIALS },
  // Legacy targets (§13.4): kept by title so plans can keep or remove them; new ones get a warning.
  notification_target: { lookup: 'targets', index: 0, specials: [] },
};

/**
 * Custom ticket fields are written `ticket_field:<title>` in config/ and
 * `custom_fields_<id>` in Zendesk; drop-down values are option names in
 * config/ and option tags (`value`) in Zendesk.
 */
export const TICKET_FIELD_PREFIX = 'ticket_field:';
export const ZENDESK_CUSTOM_FIELD_PREFIX = 'custom_fields_';

/**
 * Fields whose values are ids config/ cannot name yet. Real rules hold them, so
 * they are kept as Zendesk has them, with a warning rather than an error.
 */
export const ID_VALUED_FIELDS: Readonly<Record<string, string>> = {
  organization_id: 'organization ids are kept as Zendesk has them; config/ cannot name organizations in rules yet (matching organization tags with current_tags travels better between accounts)',
};
