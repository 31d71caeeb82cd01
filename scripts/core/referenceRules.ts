/**
 * Which condition/action values name another Zendesk object, as one table
 * (Salto keeps its reference rules as data too). Validation uses it to check
 * that names exist; references.ts uses it to turn names into ids and back.
 * Field names and special values follow ../shared/reference/zendesk-api.md §5.1, §7.1.
 */
import type { NamedLookupKind } from './lookups.ts';

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
};

/**
 * Custom ticket fields are written `ticket_field:<title>` in config/ and
 * `custom_fields_<id>` in Zendesk; drop-down values are option names in
 * config/ and option tags (`value`) in Zendesk.
 */
export const TICKET_FIELD_PREFIX = 'ticket_field:';
export const ZENDESK_CUSTOM_FIELD_PREFIX = 'custom_fields_';

/** Fields config/ must never carry because they can only hold ids we cannot name yet. */
export const UNSUPPORTED_REFERENCE_FIELDS: Readonly<Record<string, string>> = {
  notification_target: 'legacy targets are not managed; use a webhook (notification_webhook) instead',
  organization_id: 'organization values are not managed by name yet; match organization tags (current_tags) instead',
};
