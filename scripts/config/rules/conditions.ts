/**
 * Condition fields config/ knows, with the operators Zendesk allows on each.
 * Sources: reference §5.1, §6, §8.1 and Zendesk's "Conditions reference".
 * The account's own list (GET /triggers/definitions) is the authority; a field
 * missing here is only a warning, a wrong operator on a field listed here is an error.
 */
import { CHANGE, EQUALITY, HOURS, ORDERED, PRESENCE, TAG_MATCH } from './operators.ts';

export type OperatorTable = Readonly<Record<string, readonly string[]>>;

/** Ticket properties whose current value both triggers and automations can test. */
const TICKET_STATE: OperatorTable = {
  status: ORDERED,
  priority: ORDERED,
  type: EQUALITY,
  group_id: EQUALITY,
  assignee_id: EQUALITY,
  requester_id: EQUALITY,
  organization_id: [...EQUALITY, ...PRESENCE],
  custom_status_id: EQUALITY,
  ticket_form_id: EQUALITY,
  brand_id: EQUALITY,
  current_tags: TAG_MATCH,
  via_id: EQUALITY,
  recipient: EQUALITY,
  satisfaction_score: ORDERED,
  ticket_is_public: EQUALITY,
  schedule_id: EQUALITY,
  locale_id: EQUALITY,
  reopens: ['is', 'less_than', 'greater_than'],
  replies: ['is', 'less_than', 'greater_than'],
  agent_stations: ['is', 'less_than', 'greater_than'],
  group_stations: ['is', 'less_than', 'greater_than'],
  assignee_stations: ['is', 'less_than', 'greater_than'],
};

/** Fields whose changes a trigger can react to (the CHANGE operators). */
const CHANGEABLE = ['status', 'priority', 'type', 'group_id', 'assignee_id', 'requester_id', 'organization_id',
  'custom_status_id', 'ticket_form_id', 'satisfaction_score'] as const;

export const TRIGGER_CONDITIONS: OperatorTable = {
  ...TICKET_STATE,
  ...Object.fromEntries(CHANGEABLE.map((field) => [field, [...TICKET_STATE[field], ...CHANGE]])),
  update_type: EQUALITY,
  current_via_id: EQUALITY,
  role: EQUALITY,
  comment_is_public: EQUALITY,
  comment_includes_word: [...TAG_MATCH, ...EQUALITY],
  subject_includes_word: [...TAG_MATCH, ...EQUALITY],
  within_business_hours: EQUALITY,
  received_at: EQUALITY,
  requester_twitter_followers_count: ['is', 'less_than', 'greater_than'],
  requester_twitter_statuses_count: ['is', 'less_than', 'greater_than'],
  requester_twitter_verified: EQUALITY,
};

/** Time-based automation conditions; the value is a number of hours (reference §6, README). */
export const TIME_BASED_FIELDS = [
  'NEW', 'OPEN', 'PENDING', 'HOLD', 'SOLVED', 'CLOSED',
  'assigned_at', 'updated_at', 'requester_updated_at', 'assignee_updated_at',
  'due_date', 'until_due_date', 'sla_next_breach_at', 'until_sla_next_breach_at',
] as const;

export const AUTOMATION_CONDITIONS: OperatorTable = {
  ...TICKET_STATE,
  ...Object.fromEntries(TIME_BASED_FIELDS.map((field) => [field, HOURS])),
};

/**
 * Views select tickets as they are, as automations do: ticket properties and the
 * "Hours since…" conditions (Zendesk's conditions reference shares them between the
 * two), never the change operators of triggers, which need an update to react to.
 */
export const VIEW_CONDITIONS: OperatorTable = AUTOMATION_CONDITIONS;

/** SLA policy filters: which tickets a policy applies to (reference §8.1). */
export const SLA_FILTER_CONDITIONS: OperatorTable = {
  brand_id: EQUALITY,
  current_tags: TAG_MATCH,
  group_id: EQUALITY,
  assignee_id: EQUALITY,
  requester_id: EQUALITY,
  organization_id: EQUALITY,
  ticket_form_id: EQUALITY,
  type: EQUALITY,
  via_id: EQUALITY,
  role: EQUALITY,
  custom_status_id: EQUALITY,
  ticket_is_public: EQUALITY,
};

/**
 * `ticket_field:<title>` conditions: operators depend on the field's type, which
 * only lookups know, so any operator a custom field can have is accepted here.
 */
export const TICKET_FIELD_OPERATORS: readonly string[] = [
  ...ORDERED, ...PRESENCE, ...TAG_MATCH, ...CHANGE,
  'less_than_equal', 'greater_than_equal', 'within_previous_n_days', 'within_next_n_days', 'is_within', 'is_not_within',
];

/** Requester and organization custom fields are written by their key, as Zendesk does. */
export const USER_FIELD_PREFIX = 'requester.custom_fields.';
export const ORGANIZATION_FIELD_PREFIX = 'organization.custom_fields.';
