/**
 * Zendesk's own rules for automations (reference §6), checked before any request so
 * the merge request shows them instead of a 422 at apply time: a time-based
 * condition and a status/type/group/assignee/requester condition in `all`, and a
 * way to fire only once per ticket (automations run every hour).
 *
 * Only the time-based condition is an error: the docs state the other two, but
 * real accounts break them — Zendesk's own "Pending notification 24 hours" has no
 * status condition (zendesk-real-shapes.md), and what counts as "fires once" is
 * Zendesk's judgement, which ours only approximates. Those are warnings.
 */
import type { Action, Condition, DesiredObject, Diagnostic } from '../../core/model.ts';
import { AUTOMATION_ANCHOR_FIELDS, FIRE_ONCE_OPERATORS, TAG_ADDING_ACTIONS, TAG_REMOVING_ACTIONS } from '../rules/automation.ts';
import { TIME_BASED_FIELDS } from '../rules/conditions.ts';
import { ORDERED_VALUES } from '../rules/values.ts';
import { reportAt } from './report.ts';

const TIME_BASED: ReadonlySet<string> = new Set(TIME_BASED_FIELDS);
const ANCHORS: ReadonlySet<string> = new Set(AUTOMATION_ANCHOR_FIELDS);
const FIRE_ONCE: ReadonlySet<string> = new Set(FIRE_ONCE_OPERATORS);

export function checkAutomations(automations: readonly DesiredObject<'automations'>[]): Diagnostic[] {
  return automations.flatMap((automation) => checkAutomation(automation));
}

function checkAutomation(automation: DesiredObject<'automations'>): Diagnostic[] {
  const { conditions, actions } = automation.spec;
  const diagnostics: Diagnostic[] = [];
  const timeConditions = conditions.all.filter((condition) => TIME_BASED.has(condition.field));

  if (timeConditions.length === 0) {
    diagnostics.push(reportAt(automation, ['conditions', 'all'], 'automation has no time-based condition in conditions.all', {
      hint: `Zendesk runs automations hourly and requires one condition on hours since or until an event (${TIME_BASED_FIELDS.join(', ')}), e.g. { field: SOLVED, operator: greater_than, value: "96" }`,
    }));
  }
  if (!conditions.all.some((condition) => ANCHORS.has(condition.field))) {
    diagnostics.push(reportAt(automation, ['conditions', 'all'], `automation has no condition on ${AUTOMATION_ANCHOR_FIELDS.join(', ')} in conditions.all`, {
      severity: 'warning',
      hint: 'Zendesk\'s docs ask for one (e.g. { field: status, operator: less_than, value: solved }), though its own default automations do without',
    }));
  }
  if (timeConditions.length > 0 && !firesOnce(conditions.all, conditions.any, actions, timeConditions)) {
    diagnostics.push(reportAt(automation, ['actions'], 'automation could fire every hour on the same ticket: no action undoes one of its conditions, and no time condition uses is', {
      severity: 'warning',
      hint: 'Zendesk rejects automations that can match a ticket again after running. Add an action that makes a condition false '
        + '(e.g. add a tag the conditions exclude with not_includes, or set the status away from the one they test), '
        + 'or use operator is on the time condition, which is true in one hourly run only',
    }));
  }
  return diagnostics;
}

function firesOnce(all: Condition[], any: Condition[], actions: Action[], timeConditions: Condition[]): boolean {
  if (timeConditions.some((condition) => FIRE_ONCE.has(condition.operator))) return true;
  // An `any` group is only undone when it has a single condition; with more, another may still hold.
  const undoable = any.length === 1 ? [...all, ...any] : all;
  return undoable.some((condition) => actions.some((action) => nullifies(action, condition)));
}

/** True when applying `action` makes `condition` false on the next run. */
export function nullifies(action: Action, condition: Condition): boolean {
  if (condition.field === 'current_tags') return nullifiesTagCondition(action, condition);
  if (action.field !== condition.field) return false;
  const set = String(action.value);
  const tested = String(condition.value ?? '');
  const order = ORDERED_VALUES[condition.field];
  switch (condition.operator) {
    case 'is':
      return set !== tested;
    case 'is_not':
      return set === tested;
    case 'less_than':
      return order !== undefined && order.indexOf(set) >= order.indexOf(tested) && order.includes(set);
    case 'greater_than':
      return order !== undefined && order.indexOf(set) <= order.indexOf(tested) && order.includes(set);
    case 'present':
      return set === '';
    case 'not_present':
      return set !== '';
    default:
      return false;
  }
}

function nullifiesTagCondition(action: Action, condition: Condition): boolean {
  const tested = tagsOf(condition.value);
  const touched = tagsOf(action.value);
  if (tested.length === 0) return false;
  const adds = (TAG_ADDING_ACTIONS as readonly string[]).includes(action.field);
  const removes = (TAG_REMOVING_ACTIONS as readonly string[]).includes(action.field);
  switch (condition.operator) {
    // "contains none of": adding any one of them makes it false.
    case 'not_includes':
      return adds && tested.some((tag) => touched.includes(tag));
    // "contains at least one of": false only once none is left.
    case 'includes':
      if (removes) return tested.every((tag) => touched.includes(tag));
      return action.field === 'set_tags' && !tested.some((tag) => touched.includes(tag));
    default:
      return false;
  }
}

/** Zendesk writes tag lists as one space-separated string; a YAML list is accepted too. */
export function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(tagsOf);
  if (typeof value === 'string') return value.split(/\s+/).filter((tag) => tag !== '');
  return [];
}
