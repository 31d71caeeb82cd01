/**
 * Operator families. Zendesk's API names "changed to"/"changed from" `value` /
 * `value_previous` (developer docs, Conditions reference); our offline reference
 * (§5.1) lists `changed_to` / `changed_from`. Both spellings are accepted so that
 * neither a correct config nor an imported one is rejected.
 */
export const EQUALITY = ['is', 'is_not'] as const;
export const ORDERED = ['is', 'is_not', 'less_than', 'greater_than'] as const;
export const PRESENCE = ['present', 'not_present'] as const;
export const TAG_MATCH = ['includes', 'not_includes'] as const;
/** Operators about what changed in this update: triggers only (automations see a ticket's state, hourly). */
export const CHANGE = [
  'changed', 'not_changed',
  'value', 'value_previous', 'not_value', 'not_value_previous',
  'changed_to', 'changed_from', 'not_changed_to', 'not_changed_from',
] as const;
/** Hours-based operators of the time conditions in automations (reference §6). */
export const HOURS = [
  'is', 'less_than', 'greater_than',
  'is_business_hours', 'less_than_business_hours', 'greater_than_business_hours',
] as const;

/** Operators that take no `value`. */
export const VALUELESS_OPERATORS: ReadonlySet<string> = new Set(['present', 'not_present', 'changed', 'not_changed']);
