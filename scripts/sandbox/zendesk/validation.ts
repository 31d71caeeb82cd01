/**
 * What Zendesk refuses with 422 RecordInvalid (reference §4, §5–§8, §15.8), as pure
 * functions from a candidate record to per-field details. An empty result means valid.
 */
import { isObject, type ValidationDetails } from './http.ts';

export interface ReferenceLookup {
  groupExists(id: string): boolean;
  triggerCategoryExists(id: string): boolean;
  macroAttachmentExists(id: string): boolean;
}

export type RuleKind = 'trigger' | 'automation' | 'macro';

/** Reference §6: "hours since …" condition fields that make an automation time-based. */
export const TIME_BASED_FIELDS = new Set([
  'NEW', 'OPEN', 'PENDING', 'HOLD', 'SOLVED', 'CLOSED',
  'assigned_at', 'updated_at', 'requester_updated_at', 'assignee_updated_at',
  'due_date', 'until_due_date', 'sla_next_breach_at', 'until_sla_next_breach_at',
]);

/** OAS CreateAssociatedMacroAttachment: "A macro can be associated with up to five attachments." */
export const MAX_MACRO_ATTACHMENTS = 5;

/** Reference §8.1. */
export const SLA_METRICS = new Set([
  'first_reply_time', 'next_reply_time', 'periodic_update_time',
  'requester_wait_time', 'agent_work_time', 'pausable_update_time',
]);
export const SLA_PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);

class Details {
  readonly fields: ValidationDetails = {};

  add(field: string, error: string, description: string): void {
    (this.fields[field] ??= []).push({ description, error });
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }
}

export function validateRule(kind: RuleKind, rule: Record<string, unknown>, lookup: ReferenceLookup): ValidationDetails {
  const details = new Details();
  requireTitle(rule, details);
  if (!Array.isArray(rule.actions) || rule.actions.length === 0) {
    details.add('actions', 'BlankValue', 'Actions: cannot be blank');
  }
  if (kind !== 'macro') {
    if (!isObject(rule.conditions)) details.add('conditions', 'BlankValue', 'Conditions: cannot be blank');
    else if (kind === 'automation') checkAutomationConditions(rule.conditions, details);
  }
  checkGroupReferences(actionList(rule.actions), 'actions', lookup, details);
  checkGroupReferences(conditionList(rule.conditions), 'conditions', lookup, details);
  if (kind === 'trigger' && rule.category_id !== undefined && rule.category_id !== null) {
    if (!lookup.triggerCategoryExists(String(rule.category_id))) {
      details.add('category_id', 'InvalidValue', `Category: ${String(rule.category_id)} is not a valid trigger category`);
    }
  }
  if (kind === 'macro') {
    checkRestriction(rule.restriction, lookup, details);
    checkAttachments(rule.attachments, lookup, details);
  }
  return details.fields;
}

export function validateSlaPolicy(policy: Record<string, unknown>, lookup: ReferenceLookup): ValidationDetails {
  const details = new Details();
  requireTitle(policy, details);
  if (!isObject(policy.filter)) details.add('filter', 'BlankValue', 'Filter: cannot be blank');
  checkGroupReferences(conditionList(policy.filter), 'filter', lookup, details);
  const metrics = policy.policy_metrics ?? [];
  if (!Array.isArray(metrics)) {
    details.add('policy_metrics', 'InvalidValue', 'Policy metrics: must be a list');
    return details.fields;
  }
  for (const metric of metrics) {
    if (!isObject(metric)) {
      details.add('policy_metrics', 'InvalidValue', 'Policy metrics: each entry must be an object');
      continue;
    }
    if (!SLA_METRICS.has(String(metric.metric))) {
      details.add('policy_metrics', 'InvalidValue', `Policy metrics: ${String(metric.metric)} is not a valid metric`);
    }
    if (!SLA_PRIORITIES.has(String(metric.priority))) {
      details.add('policy_metrics', 'InvalidValue', `Policy metrics: ${String(metric.priority)} is not a valid priority`);
    }
    if (!Number.isInteger(metric.target) || (metric.target as number) < 0) {
      details.add('policy_metrics', 'InvalidValue', 'Policy metrics: target must be a whole number of minutes');
    }
  }
  return details.fields;
}

export function hasDetails(details: ValidationDetails): boolean {
  return Object.keys(details).length > 0;
}

function requireTitle(record: Record<string, unknown>, details: Details): void {
  if (typeof record.title !== 'string' || record.title.trim() === '') {
    details.add('title', 'BlankValue', 'Title: cannot be blank');
  }
}

/**
 * Reference §6: Zendesk runs automations hourly and refuses one without a time-based
 * condition in `all`. Reference §6 also asks for a status/type/group/assignee/requester
 * condition, but Zendesk's own shipped "Pending notification 24 hours" / "5 days" have
 * none (`PENDING is "24"` + `ticket_is_public is public`, zendesk-real-shapes.md
 * "Default automations"), so Zendesk does not enforce that and neither does the sandbox.
 */
function checkAutomationConditions(conditions: Record<string, unknown>, details: Details): void {
  const all = Array.isArray(conditions.all) ? conditions.all.filter(isObject) : [];
  if (!all.some((condition) => TIME_BASED_FIELDS.has(String(condition.field)))) {
    details.add('conditions', 'InvalidValue', 'Automations must have a time based condition in "all"');
  }
}

function actionList(actions: unknown): Record<string, unknown>[] {
  return Array.isArray(actions) ? actions.filter(isObject) : [];
}

function conditionList(conditions: unknown): Record<string, unknown>[] {
  if (!isObject(conditions)) return [];
  return [conditions.all, conditions.any].flatMap((list) => (Array.isArray(list) ? list.filter(isObject) : []));
}

/** Only numeric ids are checked; placeholders like `current_groups` or '' are Zendesk's own. */
function checkGroupReferences(
  entries: Record<string, unknown>[],
  field: string,
  lookup: ReferenceLookup,
  details: Details,
): void {
  for (const entry of entries) {
    if (entry.field !== 'group_id') continue;
    const id = numericId(entry.value);
    if (id !== undefined && !lookup.groupExists(id)) {
      details.add(field, 'InvalidValue', `Group: ${id} is not a valid group`);
    }
  }
}

function checkRestriction(restriction: unknown, lookup: ReferenceLookup, details: Details): void {
  if (restriction === undefined || restriction === null) return;
  if (!isObject(restriction) || (restriction.type !== 'Group' && restriction.type !== 'User')) {
    details.add('restriction', 'InvalidValue', 'Restriction: type must be "Group" or "User"');
    return;
  }
  if (restriction.type !== 'Group') return;
  const ids = Array.isArray(restriction.ids) ? restriction.ids : [restriction.id];
  for (const value of ids) {
    const id = numericId(value);
    if (id === undefined || !lookup.groupExists(id)) {
      details.add('restriction', 'InvalidValue', `Restriction: group ${String(value)} is not a valid group`);
    }
  }
}

/**
 * zendesk-real-shapes.md "Macros": `attachments` lists macro attachment ids (OAS
 * /macros/attachments uploads them first). The error wording is the sandbox's own.
 */
function checkAttachments(attachments: unknown, lookup: ReferenceLookup, details: Details): void {
  if (attachments === undefined || attachments === null) return;
  if (!Array.isArray(attachments)) {
    details.add('attachments', 'InvalidValue', 'Attachments: must be a list of macro attachment ids');
    return;
  }
  if (attachments.length > MAX_MACRO_ATTACHMENTS) {
    details.add('attachments', 'InvalidValue', `Attachments: a macro can have at most ${MAX_MACRO_ATTACHMENTS} attachments`);
  }
  for (const value of attachments) {
    const id = numericId(value);
    if (id === undefined || !lookup.macroAttachmentExists(id)) {
      details.add('attachments', 'InvalidValue', `Attachments: ${String(value)} is not a valid macro attachment`);
    }
  }
}

function numericId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}
