/**
 * Action fields config/ knows (reference §5.1, §7.1). Unknown fields are only a
 * warning (the account's /triggers/definitions and /macros/actions are the
 * authority); a field that exists but not in this kind, such as a notification
 * in a macro, is an error.
 */

/** Actions that set ticket properties: triggers, automations and macros alike. */
const TICKET_UPDATES = [
  'status', 'priority', 'type', 'group_id', 'assignee_id', 'custom_status_id', 'ticket_form_id', 'brand_id',
  'set_tags', 'current_tags', 'remove_tags', 'comment_value', 'comment_value_html', 'comment_mode_is_public',
  'cc', 'follower', 'locale_id', 'satisfaction_score', 'set_schedule', 'requester_id', 'subject',
] as const;

/** Only business rules can notify; a macro is applied by an agent who writes the reply. */
const NOTIFICATIONS = [
  'notification_user', 'notification_group', 'notification_webhook', 'notification_target',
  'notification_sms_user', 'notification_sms_group', 'notification_messaging_csat', 'tweet_requester', 'deflection',
] as const;

/** Side conversations can be opened by macros and, since 2022, by triggers and automations too (real-shapes: side_conversation_ticket in a trigger). */
const SIDE_CONVERSATIONS = ['side_conversation', 'side_conversation_slack', 'side_conversation_ticket'] as const;

const MACRO_ONLY = ['macro_id'] as const;

export type RuleContext = 'triggers' | 'automations' | 'macros';

export const ACTION_FIELDS: Readonly<Record<RuleContext, ReadonlySet<string>>> = {
  triggers: new Set([...TICKET_UPDATES, ...NOTIFICATIONS, ...SIDE_CONVERSATIONS]),
  automations: new Set([...TICKET_UPDATES, ...NOTIFICATIONS, ...SIDE_CONVERSATIONS]),
  macros: new Set([...TICKET_UPDATES, ...SIDE_CONVERSATIONS, ...MACRO_ONLY]),
};

/** Every action field known in any context, to tell "wrong place" from "unknown". */
export const ALL_ACTION_FIELDS: ReadonlySet<string> = new Set([...TICKET_UPDATES, ...NOTIFICATIONS, ...SIDE_CONVERSATIONS, ...MACRO_ONLY]);
