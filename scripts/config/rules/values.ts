/**
 * Fixed value sets of system fields, in Zendesk's own order where order matters
 * (`status less_than solved` means new, open, pending or hold).
 */
export const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const;

/** Allowed values per field; `""` clears priority and type ("-" in the admin UI). */
export const FIELD_VALUES: Readonly<Record<string, readonly string[]>> = {
  status: STATUS_ORDER,
  priority: ['', ...PRIORITY_ORDER],
  type: ['', ...TICKET_TYPES],
  update_type: ['Create', 'Change'],
};

/** Fields whose values are ordered, so less_than/greater_than mean something. */
export const ORDERED_VALUES: Readonly<Record<string, readonly string[]>> = {
  status: STATUS_ORDER,
  priority: PRIORITY_ORDER,
};
