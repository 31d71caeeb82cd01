/**
 * From a schema-checked YAML value to the spec later stages compare, with every
 * default filled in so that "omitted" and "written out" diff the same.
 */
import type {
  Action, AutomationSpec, Condition, Conditions, MacroRestriction, MacroSpec, PolicyMetric, SlaPolicySpec, TriggerSpec,
} from '../core/model.ts';

/** The shapes the schemas in schemas/ accept (only valid files get this far). */
interface ConditionsInput {
  all?: Condition[];
  any?: Condition[];
}

interface RuleInput {
  title: string;
  previous_title?: string;
  active?: boolean;
  description?: string | null;
  conditions: ConditionsInput;
  actions: Action[];
}

interface MacroInput {
  title: string;
  previous_title?: string;
  active?: boolean;
  description?: string | null;
  restriction?: MacroRestriction;
  actions: Action[];
  attachments?: string[];
}

interface SlaPolicyInput {
  title: string;
  previous_title?: string;
  description?: string | null;
  filter: ConditionsInput;
  policy_metrics: PolicyMetric[];
}

export interface Titled {
  title: string;
  previous_title?: string;
}

export function triggerSpec(value: unknown, category: string | null): TriggerSpec {
  const trigger = value as RuleInput;
  return {
    title: trigger.title,
    active: trigger.active ?? true,
    description: description(trigger.description),
    category,
    conditions: conditionsSpec(trigger.conditions),
    actions: trigger.actions.map(actionSpec),
  };
}

export function automationSpec(value: unknown): AutomationSpec {
  const automation = value as RuleInput;
  return {
    title: automation.title,
    active: automation.active ?? true,
    conditions: conditionsSpec(automation.conditions),
    actions: automation.actions.map(actionSpec),
  };
}

export function macroSpec(value: unknown): MacroSpec {
  const macro = value as MacroInput;
  return {
    title: macro.title,
    active: macro.active ?? true,
    description: description(macro.description),
    restriction: macro.restriction ?? null,
    actions: macro.actions.map(actionSpec),
    attachments: macro.attachments ?? [],
  };
}

export function slaPolicySpec(value: unknown): SlaPolicySpec {
  const policy = value as SlaPolicyInput;
  return {
    title: policy.title,
    description: description(policy.description),
    filter: conditionsSpec(policy.filter),
    policy_metrics: policy.policy_metrics.map((metric) => ({ ...metric })),
  };
}

/** Zendesk shows an empty description as "" or null (real-shapes: null on rules, "" on webhooks); both mean none. */
export function description(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function conditionsSpec(conditions: ConditionsInput): Conditions {
  return { all: (conditions.all ?? []).map(conditionSpec), any: (conditions.any ?? []).map(conditionSpec) };
}

/** `value` is left out (not set to undefined) when absent, so specs compare equal to live ones. */
function conditionSpec(condition: Condition): Condition {
  const { field, operator } = condition;
  return 'value' in condition ? { field, operator, value: condition.value } : { field, operator };
}

function actionSpec(action: Action): Action {
  return { field: action.field, value: action.value };
}
