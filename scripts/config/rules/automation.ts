/** What Zendesk demands of an automation before it accepts it (reference §6). */

/** `conditions.all` must test at least one of these (Salto also accepts custom_status_id). */
export const AUTOMATION_ANCHOR_FIELDS = ['status', 'type', 'group_id', 'assignee_id', 'requester_id', 'custom_status_id'] as const;

/** A time condition with one of these is true in a single hourly run only, so it fires once by itself. */
export const FIRE_ONCE_OPERATORS = ['is', 'is_business_hours'] as const;

/** Tag actions: which ones add tags (set_tags replaces the whole set) and which remove them. */
export const TAG_ADDING_ACTIONS = ['current_tags', 'set_tags'] as const;
export const TAG_REMOVING_ACTIONS = ['remove_tags'] as const;
